/// The simulated kubelet: pod status over time, forced states, logs and events.
extension ObjectStore {
    /// Moves every pod's status to what its state says at `now`; writes only on a change.
    func tickPods(now: ContinuousClock.Instant) {
        let podKeys = entries.keys.filter { $0.resource == .pods }
        for key in podKeys {
            guard let entry = entries[key] else { continue }
            if pods.readyAt[key] == nil { pods.readyAt[key] = now + configuration.podReadyDelay }
            let state = pods.state(of: key, now: now)
            if state.waitingReason == nil, pods.startedAt[key] == nil { pods.startedAt[key] = Self.timestamp() }
            let startedAt = pods.startedAt[key] ?? ""
            let status = state.status(containers: Self.containers(of: entry.object), startedAt: startedAt)
            guard entry.object["status"] != status else { continue }
            pods.readyTimes.note(key, previous: entry.object["status"], status: status)
            var object = entry.object
            object["status"] = status
            update(key, object: object, managedFields: entry.managedFields)
        }
    }

    /// Forces an existing pod's state until it is deleted, with the Warning event Kubernetes would record;
    /// `.automatic` hands it back to the simulation.
    func setPodState(_ state: SimulatedPodState, namespace: String, pod: String) {
        let key = Key(resource: .pods, namespace: namespace, name: pod)
        guard let object = entries[key]?.object else { return }
        if let (reason, message) = Self.warning(for: state) {
            recordEvent(namespace: namespace, involved: object, type: "Warning", reason: reason, message: message)
        }
        pods.forcedStates[key] = state == .automatic ? nil : state
        if state == .automatic { pods.readyAt[key] = ContinuousClock.now + configuration.podReadyDelay }
        tickPods(now: .now)
    }

    /// The Warning event (reason, message) that goes with a forced state.
    private static func warning(for state: SimulatedPodState) -> (String, String)? {
        switch state {
        case .imagePullBackOff(_, let message): ("Failed", message)
        case .crashLoopBackOff: ("BackOff", "Back-off restarting failed container")
        case .unschedulable(let message): ("FailedScheduling", message)
        case .automatic, .containerCreating, .running: nil
        }
    }

    /// Replaces a container's log; `container` nil means the pod's only (or first) container.
    func setLogs(_ lines: [String], namespace: String, pod: String, container: String?) {
        let key = Key(resource: .pods, namespace: namespace, name: pod)
        pods.logs[key, default: [:]][logContainer(key, container)] = lines
    }

    /// Appends lines to a container's log.
    func appendLogs(_ lines: [String], namespace: String, pod: String, container: String?) {
        let key = Key(resource: .pods, namespace: namespace, name: pod)
        let name = logContainer(key, container)
        pods.logs[key, default: [:]][name, default: []].append(contentsOf: lines)
        for follower in pods.followers.values where follower.pod == key && follower.container == name {
            follower.continuation.yield(lines.map { $0 + "\n" }.joined())
        }
    }

    /// `follow=true`: the log so far (as ``logs(namespace:pod:container:tailLines:)``), then appended lines until the
    /// pod goes away or ``endFollowing(_:)``.
    func followLogs(
        namespace: String,
        pod: String,
        container: String?,
        tailLines: Int?
    ) throws(KubernetesAPIError)
        -> (id: Int, lines: AsyncStream<String>, continuation: AsyncStream<String>.Continuation)
    {
        let text = try logs(namespace: namespace, pod: pod, container: container, tailLines: tailLines)
        let key = Key(resource: .pods, namespace: namespace, name: pod)
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        if !text.isEmpty { continuation.yield(text) }
        pods.nextFollowerID += 1
        pods.followers[pods.nextFollowerID] = (key, logContainer(key, container), continuation)
        return (pods.nextFollowerID, lines, continuation)
    }

    /// Forgets a followed log whose client went away.
    func endFollowing(_ id: Int) {
        pods.followers.removeValue(forKey: id)?.continuation.finish()
    }

    /// The buffer name for `container`: nil means the pod's first container, or `""` while the pod is absent.
    private func logContainer(_ key: Key, _ container: String?) -> String {
        if let container { return container }
        return entries[key].flatMap { Self.containers(of: $0.object).first?.name } ?? ""
    }

    /// `GET …/pods/NAME/log`: the last `tailLines` lines, or 400 while the container has not started.
    func logs(
        namespace: String,
        pod: String,
        container: String?,
        tailLines: Int?
    ) throws(KubernetesAPIError)
        -> String
    {
        let key = Key(resource: .pods, namespace: namespace, name: pod)
        let object = try get(key)
        let names = Self.containers(of: object).map(\.name)
        let chosen: String
        if let container, !container.isEmpty {
            guard names.contains(container) else {
                throw .badRequest("container \(container) is not valid for pod \(pod)")
            }
            chosen = container
        } else if names.count == 1, let only = names.first {
            chosen = only
        } else {
            throw .badRequest(
                "a container name must be specified for pod \(pod), choose one of: [\(names.joined(separator: " "))]"
            )
        }
        if let reason = pods.state(of: key, now: .now).waitingReason {
            throw .badRequest("container \"\(chosen)\" in pod \"\(pod)\" is waiting to start: \(reason)")
        }
        let buffers = pods.logs[key] ?? [:]
        let isFirst = names.first == chosen
        var lines = buffers[chosen] ?? (isFirst ? buffers[""] : nil) ?? []
        if let tailLines, tailLines >= 0 { lines = Array(lines.suffix(tailLines)) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Creates a core/v1 Event about `involved`.
    @discardableResult
    func recordEvent(
        namespace: String,
        involved: JSONValue,
        type: String = "Normal",
        reason: String,
        message: String
    ) -> JSONValue {
        let now = Self.timestamp()
        let object: JSONValue = [
            "metadata": ["name": .string("\(involved.name).\(Self.randomSuffix())\(Self.randomSuffix())")],
            "involvedObject": [
                "kind": involved["kind"] ?? "", "name": .string(involved.name), "namespace": .string(namespace),
                "uid": involved[path: ["metadata", "uid"]] ?? "", "apiVersion": involved["apiVersion"] ?? "",
            ],
            "type": .string(type), "reason": .string(reason), "message": .string(message), "count": 1,
            "firstTimestamp": .string(now), "lastTimestamp": .string(now),
            "source": ["component": "kubernetes-double"],
        ]
        let key = Key(resource: .events, namespace: namespace, name: object.name)
        return insert(object, at: key, managedFields: [])
    }

    /// The containers of a pod or pod template spec: name and image.
    static func containers(of object: JSONValue) -> [(name: String, image: String)] {
        (object[path: ["spec", "containers"]]?.arrayValue ?? []).map {
            ($0["name"]?.stringValue ?? "", $0["image"]?.stringValue ?? "")
        }
    }
}
