/// AgentAPI's agent status: `stable` when waiting for user input, `running` otherwise.
enum SimulatedAgentStatus: String, Sendable {
    case running
    case stable
}
