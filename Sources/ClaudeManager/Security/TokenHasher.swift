import Crypto
import Foundation

/// Makes random token values and the hashes under which they are stored.
package enum TokenHasher {
    /// A new random API token value, `cm_` followed by 43 URL-safe characters.
    package static func makeTokenValue() -> String {
        "cm_" + randomURLSafeString(byteCount: 32)
    }

    /// URL-safe base64 of `byteCount` random bytes, without padding.
    package static func randomURLSafeString(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 of `value`.
    package static func hash(_ value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
