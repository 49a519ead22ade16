import Foundation

/// One container of a pod template.
package struct ContainerSpec: Sendable, Equatable, Codable {
    package var name: String
    package var image: String?
    package var imagePullPolicy: String?
    package var command: [String]?
    package var args: [String]?
    package var workingDir: String?
    package var ports: [Port]?
    package var envFrom: [EnvFromSource]?
    package var env: [EnvVar]?
    package var resources: Resources?
    package var volumeMounts: [VolumeMount]?
    package var startupProbe: ContainerProbe?
    package var readinessProbe: ContainerProbe?
    package var livenessProbe: ContainerProbe?
    package var lifecycle: Lifecycle?
    package var securityContext: SecurityContext?

    /// A port the container listens on.
    package struct Port: Sendable, Equatable, Codable {
        package var name: String?
        package var containerPort: Int
        package var `protocol`: String?
    }

    /// All keys of a Secret or a ConfigMap as environment variables.
    package struct EnvFromSource: Sendable, Equatable, Codable {
        package var secretRef: Reference?
        package var configMapRef: Reference?
    }

    /// The object an ``EnvFromSource`` reads.
    package struct Reference: Sendable, Equatable, Codable {
        package var name: String
        package var optional: Bool?
    }

    /// One environment variable with a literal value.
    package struct EnvVar: Sendable, Equatable, Codable {
        package var name: String
        package var value: String?
    }

    /// Requests and limits of compute resources.
    package struct Resources: Sendable, Equatable, Codable {
        package var requests: ResourceQuantities?
        package var limits: ResourceQuantities?
    }

    /// A volume of the pod mounted into the container.
    package struct VolumeMount: Sendable, Equatable, Codable {
        package var name: String
        package var mountPath: String
        package var subPath: String?
        package var readOnly: Bool?
    }

    /// Hooks run around the container's start and stop.
    package struct Lifecycle: Sendable, Equatable, Codable {
        package var preStop: Handler?
    }

    /// What a lifecycle hook runs.
    package struct Handler: Sendable, Equatable, Codable {
        package var exec: ExecAction?
    }

    /// Privileges of the container's processes.
    package struct SecurityContext: Sendable, Equatable, Codable {
        package var allowPrivilegeEscalation: Bool?
        package var privileged: Bool?
        package var readOnlyRootFilesystem: Bool?
        package var runAsNonRoot: Bool?
        package var capabilities: Capabilities?
    }

    /// Linux capabilities added to or dropped from the container's bounding set.
    package struct Capabilities: Sendable, Equatable, Codable {
        package var add: [String]?
        package var drop: [String]?
    }
}

/// Amounts of CPU, memory or storage as canonical quantity strings (`500m`, `2Gi`).
package struct ResourceQuantities: Sendable, Equatable, Codable {
    package var cpu: String?
    package var memory: String?
    package var storage: String?
}
