import Foundation
import Yams

/// A Kubernetes object the manager writes with server-side apply: it names its own `apiVersion`, `kind` and
/// `metadata`, and encodes its fields in declaration order, leaving out those that are `nil`.
package protocol ManifestObject: Sendable, Codable {
    var apiVersion: String? { get }
    var kind: String? { get }
    var metadata: ObjectMeta? { get }
}

extension ManifestObject {
    /// The object as a YAML document, keys in declaration order (labels and data sorted).
    package func yaml() throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.width = -1
        return try encoder.encode(self)
    }

    /// The object as compact JSON, the body of a server-side apply (`application/apply-patch+yaml` accepts it).
    package func applyBody() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
