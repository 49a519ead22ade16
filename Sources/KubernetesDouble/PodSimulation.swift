/// The simulated kubelet's bookkeeping: when each pod turns Ready, forced states and log buffers.
struct PodSimulation: Sendable {
    /// When an `.automatic` pod becomes Running and Ready.
    var readyAt: [ObjectStore.Key: ContinuousClock.Instant] = [:]
    /// When each pod first ran, as the API shows it.
    var startedAt: [ObjectStore.Key: String] = [:]
    /// Forced states by pod; they die with the pod, so a recreated pod starts `.automatic`.
    var forcedStates: [ObjectStore.Key: SimulatedPodState] = [:]
    /// Log lines by pod and container name (`""` for the only container).
    var logs: [ObjectStore.Key: [String: [String]]] = [:]

    /// Open `follow=true` log streams by id: the pod, the container and where new lines go.
    var followers: [Int: (pod: ObjectStore.Key, container: String, continuation: AsyncStream<String>.Continuation)] =
        [:]
    var nextFollowerID = 0
    /// When each pod turned Ready, for the control API.
    var readyTimes = PodReadyTimes()

    /// Drops what dies with the pod (its forced state too) and ends its followed logs; log buffers stay.
    mutating func forget(_ key: ObjectStore.Key) {
        readyAt[key] = nil
        startedAt[key] = nil
        forcedStates[key] = nil
        readyTimes.forget(key)
        for (id, follower) in followers where follower.pod == key {
            follower.continuation.finish()
            followers[id] = nil
        }
    }

    /// The state a pod is in at `now`.
    func state(of key: ObjectStore.Key, now: ContinuousClock.Instant) -> SimulatedPodState {
        if let forced = forcedStates[key], forced != .automatic { return forced }
        guard let readyAt = readyAt[key], readyAt <= now else { return .automatic }
        return .running(isReady: true)
    }
}
