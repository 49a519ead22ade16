extension AgentSimulator {
    /// The `level` of an `agent_error` event.
    package enum AgentErrorLevel: String, Sendable {
        case error
        case warning
    }
}
