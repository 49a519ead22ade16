import Foundation

/// What a project's StatefulSet and its pod say about the project (PROTOCOLS.md 3.5), in the lifecycle's terms.
enum WorkloadObservation {
    /// The state of a project whose StatefulSet is `statefulSet` (nil: none) and whose pod `-0` is `pod`.
    static func state(statefulSet: WatchedStatefulSet?, pod: WatchedPod?, agentURL: String) -> ObservedState {
        guard let statefulSet else { return .absent }
        let replicas = statefulSet.spec?.replicas ?? 1
        guard replicas > 0 else { return pod == nil ? .stopped : .stopping }
        guard let pod else { return .starting }
        if pod.metadata?.deletionTimestamp != nil { return .starting }  // replaced by a rollout or a restart
        if let reason = failure(of: pod) { return .failed(reason: reason) }
        let isReady = pod.status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false
        return pod.status?.phase == "Running" && isReady ? .running(agentURL: agentURL) : .starting
    }

    /// Why `pod` cannot run, in words a user can act on; `nil` while it is fine or still on its way.
    static func failure(of pod: WatchedPod) -> String? {
        let status = pod.status
        if let scheduled = status?.conditions?.first(where: { $0.type == "PodScheduled" }), scheduled.status == "False",
            scheduled.reason == "Unschedulable"
        {
            return "cannot be scheduled: \(scheduled.message ?? "no node fits the pod")"
        }
        for container in status?.containerStatuses ?? [] {
            if let waiting = container.state?.waiting, let reason = waiting.reason {
                switch reason {
                case "ErrImagePull", "ImagePullBackOff", "InvalidImageName":
                    return "image error (\(reason)): \(waiting.message ?? "the image cannot be pulled")"
                case "CreateContainerConfigError":
                    return "missing Secret or ConfigMap key: \(waiting.message ?? reason)"
                case "CrashLoopBackOff":
                    return crashReason(container)
                default:
                    break
                }
            }
            if container.state?.terminated?.reason == "OOMKilled" {
                return "out of memory (OOMKilled); raise the project's memory"
            }
        }
        if status?.phase == "Failed" {
            return "the pod failed: \(status?.message ?? status?.reason ?? "no reason given")"
        }
        return nil
    }

    private static func crashReason(_ container: PodObject.ContainerStatus) -> String {
        let restarts = container.restartCount ?? 0
        guard let last = container.lastState?.terminated else {
            return "crashing: container \(container.name) keeps exiting (restarted \(restarts) times)"
        }
        if last.reason == "OOMKilled" {
            return "out of memory (OOMKilled, exit code \(last.exitCode), restarted \(restarts) times); "
                + "raise the project's memory"
        }
        return "crashing: container \(container.name) exited with code \(last.exitCode)"
            + (last.reason.map { " (\($0))" } ?? "") + ", restarted \(restarts) times"
    }
}
