import Foundation

/// The pod template of a StatefulSet: labels and annotations plus the pod spec.
package struct PodTemplateSpec: Sendable, Equatable, Codable {
    package var metadata: ObjectMeta?
    package var spec: PodSpec?
}

/// A pod's `spec`; fields set by the server (`nodeName`, defaults) are decoded when listed here, ignored otherwise.
package struct PodSpec: Sendable, Equatable, Codable {
    package var automountServiceAccountToken: Bool?
    package var enableServiceLinks: Bool?
    package var terminationGracePeriodSeconds: Int?
    package var securityContext: SecurityContext?
    package var containers: [ContainerSpec]?
    package var nodeName: String?

    /// Identity and sandboxing shared by the pod's containers.
    package struct SecurityContext: Sendable, Equatable, Codable {
        package var runAsNonRoot: Bool?
        package var runAsUser: Int?
        package var runAsGroup: Int?
        package var fsGroup: Int?
        package var fsGroupChangePolicy: String?
        package var seccompProfile: SeccompProfile?
    }

    /// The seccomp filter applied to the pod's processes.
    package struct SeccompProfile: Sendable, Equatable, Codable {
        package var type: String
    }
}
