/// One server-sent event of `GET /events`.
enum SimulatorEvent: Sendable, Equatable {
    case messageUpdate(SimulatedMessage)
    case statusChange(SimulatedAgentStatus)
    case agentError(SimulatedAgentError)

    /// The SSE frame: `event: <name>\ndata: <one-line JSON>\n\n`, without an id.
    func frame() throws -> String {
        switch self {
        case .messageUpdate(let message):
            return "event: message_update\ndata: \(try AgentAPIWire.json(AgentAPIWire.MessageUpdate(message)))\n\n"
        case .statusChange(let status):
            return "event: status_change\ndata: \(try AgentAPIWire.json(AgentAPIWire.StatusChange(status)))\n\n"
        case .agentError(let error):
            return "event: agent_error\ndata: \(try AgentAPIWire.json(AgentAPIWire.AgentError(error)))\n\n"
        }
    }
}
