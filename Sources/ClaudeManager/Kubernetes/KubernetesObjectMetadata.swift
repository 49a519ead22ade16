/// The `metadata` of an object, as far as callers commonly need it.
package struct KubernetesObjectMetadata: Codable, Sendable, Equatable {
    package var name: String?
    package var namespace: String?
    package var uid: String?
    package var resourceVersion: String?
    package var generation: Int?
    package var labels: [String: String]?
    package var annotations: [String: String]?
    package var creationTimestamp: String?

    package init(
        name: String? = nil,
        namespace: String? = nil,
        uid: String? = nil,
        resourceVersion: String? = nil,
        generation: Int? = nil,
        labels: [String: String]? = nil,
        annotations: [String: String]? = nil,
        creationTimestamp: String? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.labels = labels
        self.annotations = annotations
        self.creationTimestamp = creationTimestamp
    }
}

/// An object decoded only as far as its metadata.
struct KubernetesMetadataEnvelope: Decodable, Sendable {
    var metadata: KubernetesObjectMetadata
}
