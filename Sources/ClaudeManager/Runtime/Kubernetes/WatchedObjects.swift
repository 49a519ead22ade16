import Foundation

/// An object as the status cache keeps it. Lists and watch events are decoded straight into these types, so the
/// fields the cache never reads (pod specs, StatefulSet templates: most of each object's bytes) are skipped by the
/// decoder instead of being decoded and then dropped; 1,000 projects cost little time to sync and little memory.
protocol WatchedObject: Decodable, Sendable, Equatable {
    var metadata: ObjectMeta? { get }
}

/// A StatefulSet's metadata, replica count and status.
struct WatchedStatefulSet: WatchedObject {
    var metadata: ObjectMeta?
    var spec: Spec?
    var status: StatefulSetObject.Status?

    struct Spec: Decodable, Sendable, Equatable {
        /// Absent means 1, as the API server defaults it.
        var replicas: Int?
    }

    init(metadata: ObjectMeta? = nil, spec: Spec? = nil, status: StatefulSetObject.Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// What the cache keeps of a StatefulSet a write returned.
    init(_ statefulSet: StatefulSetObject) {
        self.init(
            metadata: statefulSet.metadata,
            spec: statefulSet.spec.map { Spec(replicas: $0.replicas) },
            status: statefulSet.status
        )
    }
}

/// A pod's metadata and status.
struct WatchedPod: WatchedObject {
    var metadata: ObjectMeta?
    var status: PodObject.Status?

    init(metadata: ObjectMeta? = nil, status: PodObject.Status? = nil) {
        self.metadata = metadata
        self.status = status
    }
}
