import Foundation

/// The `metadata` of a Kubernetes object; the fields after `annotations` are set by the server and only decoded.
package struct ObjectMeta: Sendable, Equatable, Codable {
    package var name: String?
    package var namespace: String?
    package var labels: StringMap?
    package var annotations: StringMap?
    package var uid: String?
    package var resourceVersion: String?
    package var generation: Int?
    package var creationTimestamp: String?
    package var deletionTimestamp: String?
}
