import Foundation

/// A `v1` `Secret`; values live base64-encoded in `data`, the form the server returns.
package struct SecretObject: ManifestObject, Equatable {
    package var apiVersion: String? = "v1"
    package var kind: String? = "Secret"
    package var metadata: ObjectMeta?
    package var type: String?
    package var data: StringMap?

    /// The decoded value of `key`, or `nil` when it is absent or not valid base64 UTF-8.
    package func value(of key: String) -> String? {
        guard let encoded = data?[key], let bytes = Data(base64Encoded: encoded) else { return nil }
        return String(bytes: bytes, encoding: .utf8)
    }
}
