/// A state a test can force a pod into; `.automatic` lets it go Pending → Running and Ready after the delay.
package enum SimulatedPodState: Sendable, Hashable {
    /// Pending with `ContainerCreating`, then Running and Ready after ``KubernetesDouble/Configuration/podReadyDelay``.
    case automatic
    /// Pending with the containers waiting in `ContainerCreating`, indefinitely.
    case containerCreating
    /// Running; Ready only when `isReady`.
    case running(isReady: Bool)
    /// Pending with the containers waiting in `ImagePullBackOff` (or `ErrImagePull`) with this message.
    case imagePullBackOff(reason: String = "ImagePullBackOff", message: String)
    /// Running, not Ready, the containers waiting in `CrashLoopBackOff` after a termination (`OOMKilled`, 137).
    case crashLoopBackOff(terminationReason: String = "OOMKilled", exitCode: Int = 137, restartCount: Int = 3)
    /// Pending with `PodScheduled=False`, reason `Unschedulable`, and this message.
    case unschedulable(message: String)

    /// Whether the pod counts as Ready.
    var isReady: Bool {
        switch self {
        case .running(let isReady): isReady
        case .automatic, .containerCreating, .imagePullBackOff, .crashLoopBackOff, .unschedulable: false
        }
    }

    /// The waiting reason that blocks logs, or `nil` when the containers run.
    var waitingReason: String? {
        switch self {
        case .automatic, .containerCreating, .unschedulable: "ContainerCreating"
        case .imagePullBackOff(let reason, _): reason
        case .crashLoopBackOff: "CrashLoopBackOff"
        case .running: nil
        }
    }

    /// The pod `status` for containers named `containers` (name, image), started at `startedAt`.
    func status(containers: [(name: String, image: String)], startedAt: String) -> JSONValue {
        let isScheduled: Bool
        if case .unschedulable = self { isScheduled = false } else { isScheduled = true }
        var phase = "Pending"
        var state: JSONValue = ["waiting": ["reason": "ContainerCreating"]]
        var lastState: JSONValue = [:]
        var restartCount = 0
        var isStarted = false
        switch self {
        case .automatic, .containerCreating, .unschedulable:
            break
        case .running:
            phase = "Running"
            state = ["running": ["startedAt": .string(startedAt)]]
            isStarted = true
        case .imagePullBackOff(let reason, let message):
            state = ["waiting": ["reason": .string(reason), "message": .string(message)]]
        case .crashLoopBackOff(let terminationReason, let exitCode, let restarts):
            phase = "Running"
            restartCount = restarts
            state = ["waiting": ["reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"]]
            lastState = [
                "terminated": [
                    "reason": .string(terminationReason), "exitCode": .number(Double(exitCode)),
                    "startedAt": .string(startedAt), "finishedAt": .string(startedAt),
                ]
            ]
        }
        let readyText: JSONValue = isReady ? "True" : "False"
        var scheduled: JSONValue = ["type": "PodScheduled", "status": isScheduled ? "True" : "False"]
        if case .unschedulable(let message) = self {
            scheduled["reason"] = "Unschedulable"
            scheduled["message"] = .string(message)
            return ["phase": "Pending", "conditions": [scheduled]]
        }
        let conditions: JSONValue = [
            scheduled,
            ["type": "Initialized", "status": "True"],
            ["type": "ContainersReady", "status": readyText],
            ["type": "Ready", "status": readyText],
        ]
        let statuses = containers.map { container -> JSONValue in
            [
                "name": .string(container.name), "image": .string(container.image), "ready": .bool(isReady),
                "started": .bool(isStarted), "restartCount": .number(Double(restartCount)), "state": state,
                "lastState": lastState,
            ]
        }
        var status: JSONValue = [
            "phase": .string(phase), "conditions": conditions, "containerStatuses": .array(statuses),
        ]
        if phase == "Running" { status["startTime"] = .string(startedAt) }
        return status
    }
}
