import Foundation

/// A `v1` `Pod` as the server reports it; the manager never writes pods, it decodes them from lists and watches.
package struct PodObject: ManifestObject, Equatable {
    package var apiVersion: String? = "v1"
    package var kind: String? = "Pod"
    package var metadata: ObjectMeta?
    package var spec: PodSpec?
    package var status: Status?

    /// The pod's observed state.
    package struct Status: Sendable, Equatable, Codable {
        /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
        package var phase: String?
        package var conditions: [Condition]?
        package var message: String?
        package var reason: String?
        package var containerStatuses: [ContainerStatus]?
        package var startTime: String?
    }

    /// A pod condition such as `PodScheduled` or `Ready`, with `status` `True`, `False` or `Unknown`.
    package struct Condition: Sendable, Equatable, Codable {
        package var type: String
        package var status: String
        package var reason: String?
        package var message: String?
        package var lastTransitionTime: String?
    }

    /// One container's current and previous state.
    package struct ContainerStatus: Sendable, Equatable, Codable {
        package var name: String
        package var ready: Bool?
        package var started: Bool?
        package var restartCount: Int?
        package var image: String?
        package var state: ContainerState?
        package var lastState: ContainerState?
    }

    /// Exactly one of `waiting`, `running` or `terminated` is set; none for an unknown state.
    package struct ContainerState: Sendable, Equatable, Codable {
        package var waiting: Waiting?
        package var running: Running?
        package var terminated: Terminated?
    }

    /// A container not running yet (`ContainerCreating`, `ImagePullBackOff`, `CrashLoopBackOff`, …).
    package struct Waiting: Sendable, Equatable, Codable {
        package var reason: String?
        package var message: String?
    }

    /// A running container.
    package struct Running: Sendable, Equatable, Codable {
        package var startedAt: String?
    }

    /// A container that exited (`reason` such as `OOMKilled`, `Error`, `Completed`).
    package struct Terminated: Sendable, Equatable, Codable {
        package var exitCode: Int
        package var signal: Int?
        package var reason: String?
        package var message: String?
        package var startedAt: String?
        package var finishedAt: String?
    }
}
