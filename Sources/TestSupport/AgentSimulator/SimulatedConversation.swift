import Foundation
import Logging

/// The simulated Claude Code session: history, status, the reply being streamed, and the event fan-out.
///
/// Time moves on only through `tick()`, which the simulator calls every 25 ms like AgentAPI's snapshot loop.
actor SimulatedConversation {
    /// Why a `user` message was refused; the texts are AgentAPI's.
    enum Refusal: Error, Equatable {
        case busy
        case emptyMessage

        var message: String {
            switch self {
            case .busy: "message can only be sent when the agent is waiting for user input"
            case .emptyMessage: "message must not be empty"
            }
        }
    }

    /// The agent reply still being written.
    private struct Turn {
        var messageID: Int?
        var remainingSteps: [String]
        var nextStepAt: ContinuousClock.Instant
    }

    /// AgentAPI's per-subscriber buffer; a subscriber that falls this far behind is dropped.
    static let subscriberBufferSize = 1024
    /// How many `agent_error` events a new subscriber is replayed.
    static let replayedAgentErrorLimit = 100

    private let configuration: AgentSimulator.Configuration
    private let logger: Logger
    private var messages: [SimulatedMessage] = []
    private(set) var status = SimulatedAgentStatus.running
    private var lastChange = ContinuousClock.now
    private var isSending = false
    private var turn: Turn?
    private var agentErrors: [SimulatedAgentError] = []
    private var subscribers: [Int: AsyncStream<SimulatorEvent>.Continuation] = [:]
    private var nextSubscriberID = 0
    /// Keeps the agent `running`: the `never-stable` fault, which a test may lift at run time.
    private var isNeverStable: Bool

    init(configuration: AgentSimulator.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.isNeverStable = configuration.faults.isNeverStable
    }

    /// Sets or lifts the `never-stable` fault.
    func setNeverStable(_ value: Bool) {
        isNeverStable = value
    }

    /// The history, oldest first.
    var history: [SimulatedMessage] { messages }

    /// Starts over: only message 0, the welcome screen, and `running` until the quiet period passes.
    func start() {
        messages = []
        agentErrors = []
        turn = nil
        isSending = false
        append(.agent, ClaudeScreen.welcome(workingDirectory: configuration.workingDirectory))
        markChanged()
    }

    /// Advances the script: the next reply step when due, `stable` once the screen has been quiet long enough.
    func tick() {
        let now = ContinuousClock.now
        if var current = turn, now >= current.nextStepAt, !current.remainingSteps.isEmpty {
            let text = current.remainingSteps.removeFirst()
            if let id = current.messageID {
                update(id, to: text)
            } else {
                current.messageID = append(.agent, text)
            }
            current.nextStepAt = now + configuration.replyStepInterval
            turn = current.remainingSteps.isEmpty ? nil : current
            markChanged()
        }
        if !isNeverStable, !isSending, turn == nil,
            now - lastChange >= configuration.stableAfter
        {
            setStatus(.stable)
        }
    }

    /// Accepts a `user` message for sending and returns its trimmed text; the agent turns `running`.
    func beginUserMessage(_ content: String) throws(Refusal) -> String {
        guard status == .stable, !isSending else { throw .busy }
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .emptyMessage }
        isSending = true
        markChanged()
        return text
    }

    /// Records the sent `user` message and schedules the agent's reply after it.
    func deliverUserMessage(_ text: String) {
        isSending = false
        append(.user, text)
        turn = Turn(
            messageID: nil,
            remainingSteps: ClaudeScreen.replySteps(to: text),
            nextStepAt: ContinuousClock.now + configuration.replyStepInterval
        )
        markChanged()
    }

    /// Gives up a `user` message whose POST failed before it was recorded.
    func abandonUserMessage() {
        isSending = false
        markChanged()
    }

    /// Keystrokes sent as `raw`: Esc (`\u{1b}`) interrupts the reply being written; others change nothing.
    func receiveRaw(_ content: String) {
        guard content.contains("\u{1b}"), let interrupted = turn else { return }
        turn = nil
        if let id = interrupted.messageID, let message = messages.first(where: { $0.id == id }) {
            update(id, to: "\(message.content)\n\n\(ClaudeScreen.interruption)")
        } else {
            append(.agent, ClaudeScreen.interruption)
        }
        markChanged()
    }

    /// Records and broadcasts an `agent_error`.
    func recordAgentError(_ message: String, level: AgentSimulator.AgentErrorLevel) {
        let error = SimulatedAgentError(message: message, level: level, time: Date())
        agentErrors.append(error)
        if agentErrors.count > Self.replayedAgentErrorLimit {
            agentErrors.removeFirst(agentErrors.count - Self.replayedAgentErrorLimit)
        }
        broadcast(.agentError(error))
    }

    /// A new `/events` subscriber: the replay (messages, one status, recent errors) and the live stream after it.
    func subscribe() -> SimulatorSubscription {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SimulatorEvent.self,
            bufferingPolicy: .bufferingOldest(Self.subscriberBufferSize)
        )
        let id = nextSubscriberID
        nextSubscriberID += 1
        subscribers[id] = continuation
        let replay =
            messages.map(SimulatorEvent.messageUpdate) + [.statusChange(status)]
            + agentErrors.map(SimulatorEvent.agentError)
        return SimulatorSubscription(id: id, replay: replay, events: stream, continuation: continuation)
    }

    /// Stops feeding a subscriber.
    func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// Ends every subscriber's stream, for shutdown.
    func finishSubscriptions() {
        for continuation in subscribers.values {
            continuation.finish()
        }
        subscribers = [:]
    }

    @discardableResult
    private func append(_ role: SimulatedMessage.Role, _ content: String) -> Int {
        let message = SimulatedMessage(id: messages.count, role: role, content: content, time: Date())
        messages.append(message)
        broadcast(.messageUpdate(message))
        return message.id
    }

    private func update(_ id: Int, to content: String) {
        guard messages.indices.contains(id) else { return }
        messages[id].content = content
        messages[id].time = Date()
        broadcast(.messageUpdate(messages[id]))
    }

    private func markChanged() {
        lastChange = ContinuousClock.now
        setStatus(.running)
    }

    private func setStatus(_ newStatus: SimulatedAgentStatus) {
        guard status != newStatus else { return }
        status = newStatus
        broadcast(.statusChange(newStatus))
    }

    private func broadcast(_ event: SimulatorEvent) {
        for (id, continuation) in subscribers {
            switch continuation.yield(event) {
            case .enqueued:
                continue
            case .dropped:
                logger.warning(
                    "closing slow SSE subscriber",
                    metadata: ["sse.subscriber.id": "\(id)", "sse.buffer.size": "\(Self.subscriberBufferSize)"]
                )
                continuation.finish()
                subscribers[id] = nil
            case .terminated:
                subscribers[id] = nil
            @unknown default:
                subscribers[id] = nil
            }
        }
    }
}
