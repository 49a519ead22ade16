import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// AgentAPI's endpoints over the simulated conversation: `/status`, `/messages`, `/message`, `/events`.
struct AgentAPIController: Sendable {
    let conversation: SimulatedConversation
    let gate: ReadWriteGate
    let configuration: AgentSimulator.Configuration

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("status") { request, _ in try await status(request) }
        router.get("messages") { request, _ in try await messages(request) }
        router.post("message") { request, _ in try await postMessage(request) }
        router.get("events") { request, _ in await events(request) }
    }

    /// `GET /status`; waits while a `POST /message` holds the lock.
    func status(_ request: Request) async throws -> Response {
        try await gate.whileReading {
            let status = await conversation.status
            return try AgentAPIWire.response(
                AgentAPIWire.Status(status: status.rawValue),
                schema: "StatusResponseBody",
                host: request.host
            )
        }
    }

    /// `GET /messages`; waits while a `POST /message` holds the lock.
    func messages(_ request: Request) async throws -> Response {
        try await gate.whileReading {
            let history = await conversation.history
            return try AgentAPIWire.response(
                AgentAPIWire.Messages(messages: history.map(AgentAPIWire.Message.init)),
                schema: "MessagesResponseBody",
                host: request.host
            )
        }
    }

    /// `POST /message`: validated before the lock, then handled while holding it.
    func postMessage(_ request: Request) async throws -> Response {
        do {
            let message = try await MessageRequest.read(from: request.body)
            try await gate.whileWriting {
                switch message.kind {
                case .user:
                    try await sendUserMessage(message.content)
                case .raw:
                    await conversation.receiveRaw(message.content)
                }
            }
            return try AgentAPIWire.response(AgentAPIWire.Accepted(), schema: "MessageResponseBody", host: request.host)
        } catch let problem as ProblemDetails {
            return try problem.response(host: request.host)
        }
    }

    private func sendUserMessage(_ content: String) async throws {
        let text: String
        do {
            text = try await conversation.beginUserMessage(content)
        } catch {
            throw ProblemDetails.unexpected("failed to send message: \(error.message)")
        }
        do {
            try await cancelWhenGracefulShutdown {
                try await Task.sleep(for: configuration.replyDelay + configuration.faults.postHang)
            }
        } catch {
            await conversation.abandonUserMessage()
            throw error
        }
        await conversation.deliverUserMessage(text)
    }
}
