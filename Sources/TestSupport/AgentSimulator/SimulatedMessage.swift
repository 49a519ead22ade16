import Foundation

/// One entry of the simulated conversation history, as AgentAPI records it.
struct SimulatedMessage: Sendable, Equatable {
    /// Who wrote a message.
    enum Role: String, Sendable {
        case agent
        case user
    }

    /// The history index; message 0 is the startup screen.
    let id: Int
    let role: Role
    var content: String
    /// When the message last changed.
    var time: Date
}
