import ServiceLifecycle

/// A simulator serving inside ``AgentSimulator/withRunning(configuration:logger:isolation:_:)``:
/// its address and controls.
package struct RunningAgentSimulator: Sendable {
    /// The bound address, e.g. `127.0.0.1`.
    package let host: String
    /// The bound port.
    package let port: Int
    let simulator: AgentSimulator
    let group: ServiceGroup

    /// `http://host:port`, brackets added for IPv6.
    package var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// Emits an `agent_error` event, replayed to later subscribers.
    package func reportAgentError(_ message: String, level: AgentSimulator.AgentErrorLevel = .error) async {
        await simulator.reportAgentError(message, level: level)
    }

    /// Sets or lifts the `never-stable` fault: while set, the agent stays `running`.
    package func setNeverStable(_ value: Bool) async {
        await simulator.setNeverStable(value)
    }

    /// How many requests wait for AgentAPI's lock (held by a `user` POST).
    package var lockWaiterCount: Int {
        get async { await simulator.lockWaiterCount }
    }

    /// Stops the server gracefully before the scope ends: SSE streams close and the port stops listening.
    package func shutdown() async {
        await group.triggerGracefulShutdown()
    }
}
