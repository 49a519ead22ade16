import Foundation

/// An `apps/v1` `StatefulSet`; `status` is set by the controller and only decoded.
package struct StatefulSetObject: ManifestObject, Equatable {
    package var apiVersion: String? = "apps/v1"
    package var kind: String? = "StatefulSet"
    package var metadata: ObjectMeta?
    package var spec: Spec?
    package var status: Status?

    /// The StatefulSet's `spec`. Only `replicas`, `template`, `updateStrategy`, `revisionHistoryLimit`,
    /// `persistentVolumeClaimRetentionPolicy` and `minReadySeconds` may change after creation.
    package struct Spec: Sendable, Equatable, Codable {
        /// Left `nil` in what the manager applies: the replica count is only written through the `scale`
        /// subresource (see ``ProjectObjects``). Decoded from the server.
        package var replicas: Int?
        package var serviceName: String?
        package var selector: PodSelector?
        package var podManagementPolicy: String?
        package var updateStrategy: UpdateStrategy?
        package var revisionHistoryLimit: Int?
        package var minReadySeconds: Int?
        package var persistentVolumeClaimRetentionPolicy: RetentionPolicy?
        package var template: PodTemplateSpec?
        package var volumeClaimTemplates: [PersistentVolumeClaimObject]?
    }

    /// How a template change reaches the pods (`RollingUpdate` or `OnDelete`).
    package struct UpdateStrategy: Sendable, Equatable, Codable {
        package var type: String?
    }

    /// What happens to the claims of `volumeClaimTemplates` when the set is deleted or scaled down
    /// (`Retain` or `Delete` each).
    package struct RetentionPolicy: Sendable, Equatable, Codable {
        package var whenDeleted: String?
        package var whenScaled: String?
    }

    /// What the controller observed. Zero counts are omitted by the server; read them as 0.
    package struct Status: Sendable, Equatable, Codable {
        package var observedGeneration: Int?
        package var replicas: Int?
        package var readyReplicas: Int?
        package var availableReplicas: Int?
        package var currentReplicas: Int?
        package var updatedReplicas: Int?
        package var currentRevision: String?
        package var updateRevision: String?
        package var collisionCount: Int?
    }
}
