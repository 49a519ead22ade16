import Foundation

/// An error the agent reported, replayed to new `/events` subscribers as `agent_error`.
struct SimulatedAgentError: Sendable, Equatable {
    let message: String
    let level: AgentSimulator.AgentErrorLevel
    let time: Date
}
