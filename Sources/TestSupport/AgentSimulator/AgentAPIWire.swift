import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// AgentAPI's JSON bodies (huma-rendered, with `$schema` links) and how the simulator writes them.
enum AgentAPIWire {
    /// The `agent_type` the simulator reports.
    static let agentType = "claude"
    /// The `transport` the simulator reports.
    static let transport = "pty"

    /// `GET /status`'s body.
    struct Status: Encodable {
        let status: String
        let agentType = AgentAPIWire.agentType
        let transport = AgentAPIWire.transport

        enum CodingKeys: String, CodingKey {
            case status
            case agentType = "agent_type"
            case transport
        }
    }

    /// `GET /messages`'s body.
    struct Messages: Encodable {
        let messages: [Message]
    }

    /// One entry of `GET /messages`; the text field is `content`.
    struct Message: Encodable {
        let id: Int
        let content: String
        let role: String
        let time: String

        init(_ message: SimulatedMessage) {
            id = message.id
            content = message.content
            role = message.role.rawValue
            time = AgentAPIWire.timestamp(message.time)
        }
    }

    /// `POST /message`'s success body.
    struct Accepted: Encodable {
        let ok = true
    }

    /// A `message_update` event; the text field is `message`, not `content`.
    struct MessageUpdate: Encodable {
        let id: Int
        let role: String
        let message: String
        let time: String

        init(_ message: SimulatedMessage) {
            id = message.id
            role = message.role.rawValue
            self.message = message.content
            time = AgentAPIWire.timestamp(message.time)
        }
    }

    /// A `status_change` event.
    struct StatusChange: Encodable {
        let status: String
        let agentType = AgentAPIWire.agentType

        init(_ status: SimulatedAgentStatus) {
            self.status = status.rawValue
        }

        enum CodingKeys: String, CodingKey {
            case status
            case agentType = "agent_type"
        }
    }

    /// An `agent_error` event.
    struct AgentError: Encodable {
        let message: String
        let level: String
        let time: String

        init(_ error: SimulatedAgentError) {
            message = error.message
            level = error.level.rawValue
            time = AgentAPIWire.timestamp(error.time)
        }
    }

    /// A body preceded by huma's `$schema` link.
    private struct SchemaLinked<Body: Encodable>: Encodable {
        let schema: String
        let body: Body

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schema, forKey: .schema)
            try body.encode(to: encoder)
        }
    }

    /// Compact one-line JSON, keys sorted, slashes unescaped.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A huma response: `$schema` from the request's `Host`, a `Link` header, a trailing newline.
    static func response(
        _ body: some Encodable,
        schema: String,
        host: String,
        status: HTTPResponse.Status = .ok,
        contentType: String = "application/json"
    ) throws -> Response {
        let scheme = host.hasPrefix("localhost") || host.hasPrefix("127.0.0.1") ? "http" : "https"
        let linked = SchemaLinked(schema: "\(scheme)://\(host)/schemas/\(schema).json", body: body)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.link] = "</schemas/\(schema).json>; rel=\"describedBy\""
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: try json(linked) + "\n"))
        )
    }

    /// RFC 3339 in UTC with trailing fraction zeros trimmed, as Go's `time.Time` marshals.
    static func timestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = interval.rounded(.down)
        var microseconds = Int(((interval - seconds) * 1_000_000).rounded())
        if microseconds >= 1_000_000 {
            seconds += 1
            microseconds -= 1_000_000
        }
        let whole = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
        guard microseconds > 0, whole.hasSuffix("Z") else { return whole }
        var fraction = String(microseconds)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") {
            fraction.removeLast()
        }
        return "\(whole.dropLast()).\(fraction)Z"
    }
}
