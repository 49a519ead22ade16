import ServiceLifecycle

/// A double serving inside ``KubernetesDouble/withRunning(configuration:logger:isolation:_:)``: its address and
/// the controls tests use on the simulated cluster.
package struct RunningKubernetesDouble: Sendable {
    /// The bound address, e.g. `127.0.0.1`.
    package let host: String
    /// The bound port.
    package let port: Int
    let double: KubernetesDouble
    let group: ServiceGroup

    /// `http://host:port`, brackets added for IPv6.
    package var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    private var store: ObjectStore { double.store }

    /// The faults and request counters.
    package var faults: FaultInjector { double.faults }

    /// Creates an object as a `POST` would; it throws the `Status` error a `POST` would answer.
    @discardableResult
    package func create(
        _ object: JSONValue,
        in resource: KubernetesResource,
        namespace: String
    ) async throws
        -> JSONValue
    {
        try await store.create(resource, namespace: namespace, object: object)
    }

    /// The stored object, or `nil`.
    package func object(_ resource: KubernetesResource, namespace: String, name: String) async -> JSONValue? {
        // `nil` means absent: `get` throws only NotFound.
        try? await store.get(ObjectStore.Key(resource: resource, namespace: namespace, name: name))
    }

    /// The stored objects of a kind, sorted by name.
    package func objects(
        _ resource: KubernetesResource,
        namespace: String,
        labelSelector: LabelSelector = .everything
    ) async -> [JSONValue] {
        await store.objects(resource, namespace: namespace, labelSelector: labelSelector)
    }

    /// The last resourceVersion handed out.
    package var resourceVersion: Int {
        get async { await store.resourceVersion }
    }

    /// Forces an existing pod into a state until it is deleted, recording the Warning event a kubelet or scheduler
    /// would; `.automatic` hands it back to the simulation.
    package func setPodState(_ state: SimulatedPodState, namespace: String, pod: String) async {
        await store.setPodState(state, namespace: namespace, pod: pod)
    }

    /// Replaces a container's log; `container` nil means the pod's only (or first) container.
    package func setLogs(_ lines: [String], namespace: String, pod: String, container: String? = nil) async {
        await store.setLogs(lines, namespace: namespace, pod: pod, container: container)
    }

    /// Appends lines to a container's log.
    package func appendLogs(_ lines: [String], namespace: String, pod: String, container: String? = nil) async {
        await store.appendLogs(lines, namespace: namespace, pod: pod, container: container)
    }

    /// Records a core/v1 Event about the object `involved` (as stored, with its kind and uid).
    @discardableResult
    package func recordEvent(
        about involved: JSONValue,
        namespace: String,
        type: String = "Normal",
        reason: String,
        message: String
    ) async -> JSONValue {
        await store.recordEvent(namespace: namespace, involved: involved, type: type, reason: reason, message: message)
    }

    /// How many times the simulated controller and kubelet ran: waiting for it to grow shows that the cluster had
    /// the chance to change, without guessing a time.
    package var controllerPasses: Int {
        get async { await store.controllerPasses }
    }

    /// Runs the simulated controller and kubelet once now instead of waiting for the next tick.
    package func reconcile() async {
        await store.tick()
    }

    /// Stops the server gracefully before the scope ends: watches close and the port stops listening.
    package func shutdown() async {
        await group.triggerGracefulShutdown()
    }
}
