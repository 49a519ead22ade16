import Foundation

/// A `v1` `PersistentVolumeClaim`, also the shape of a StatefulSet's `volumeClaimTemplates` (without
/// `apiVersion` and `kind` there).
package struct PersistentVolumeClaimObject: ManifestObject, Equatable {
    package var apiVersion: String?
    package var kind: String?
    package var metadata: ObjectMeta?
    package var spec: Spec?
    package var status: Status?

    /// What the claim asks for. `storageClassName` absent means the cluster's default class; `""` would
    /// disable dynamic provisioning, so it is never written.
    package struct Spec: Sendable, Equatable, Codable {
        package var accessModes: [String]?
        package var storageClassName: String?
        package var resources: Resources?
        package var volumeName: String?
    }

    /// The requested size.
    package struct Resources: Sendable, Equatable, Codable {
        package var requests: ResourceQuantities?
    }

    /// Whether the claim is bound, and to how much storage.
    package struct Status: Sendable, Equatable, Codable {
        package var phase: String?
        package var capacity: ResourceQuantities?
    }
}
