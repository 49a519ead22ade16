import Foundation
import Hummingbird
import KubernetesDouble
import NIOCore

/// A validated `POST /message` body: `{"content","type"}`, read the way huma reads `MessageRequestBody`.
struct MessageRequest: Sendable, Equatable {
    /// The `type` field.
    enum Kind: String, Sendable {
        case user
        case raw
    }

    /// huma's default body limit; a body this long or longer is refused with 413.
    static let maximumBodySize = 1 << 20

    let content: String
    let kind: Kind

    /// Reads the body; client mistakes throw a `ProblemDetails` (400, 413, 422).
    static func read(from body: RequestBody) async throws -> MessageRequest {
        var bytes = ByteBuffer()
        var total = 0
        for try await chunk in body {
            total += chunk.readableBytes
            if total < maximumBodySize {
                bytes.writeImmutableBuffer(chunk)
            }
        }
        guard total < maximumBodySize else {
            throw ProblemDetails(
                status: .contentTooLarge,
                detail: "request body is too large limit=\(maximumBodySize) bytes"
            )
        }
        guard total > 0 else {
            throw ProblemDetails(status: .badRequest, detail: "request body is required")
        }
        let data = Data(bytes.readableBytesView)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            let text = String(decoding: data, as: UTF8.self)
            throw ProblemDetails(
                status: .badRequest,
                detail: "validation failed",
                errors: [.init(message: syntaxMessage(for: text), location: "body", value: .string(text))]
            )
        }
        return try validate(value)
    }

    /// huma's schema validation of `MessageRequestBody`: required fields, types, the enum, no extras.
    static func validate(_ value: JSONValue) throws(ProblemDetails) -> MessageRequest {
        guard case .object(let object) = value else {
            throw failure([.init(message: "expected object", location: "body", value: value)])
        }
        let known = ["$schema", "content", "type"]
        func lookup(_ key: String) -> JSONValue? {
            object[key] ?? object.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
        }
        var errors: [ProblemDetails.Detail] = []
        func expectString(_ key: String, required: Bool) -> String? {
            switch lookup(key) {
            case nil:
                if required {
                    errors.append(
                        .init(
                            message: "expected required property \(key) to be present",
                            location: "body",
                            value: value
                        )
                    )
                }
                return nil
            case .null? where !required:
                return nil
            case .string(let text)?:
                return text
            case let other?:
                errors.append(.init(message: "expected string", location: "body.\(key)", value: other))
                return nil
            }
        }
        _ = expectString("$schema", required: false)
        let content = expectString("content", required: true)
        var kind: Kind?
        if let type = expectString("type", required: true) {
            kind = Kind(rawValue: type)
            if kind == nil {
                errors.append(
                    .init(
                        message: "expected value to be one of \"user, raw\"",
                        location: "body.type",
                        value: .string(type)
                    )
                )
            }
        }
        for key in object.keys.sorted()
        where !known.contains(where: { $0.caseInsensitiveCompare(key) == .orderedSame }) {
            errors.append(.init(message: "unexpected property", location: "body.\(key)", value: value))
        }
        guard errors.isEmpty, let content, let kind else {
            throw failure(errors)
        }
        return MessageRequest(content: content, kind: kind)
    }

    private static func failure(_ errors: [ProblemDetails.Detail]) -> ProblemDetails {
        ProblemDetails(status: .unprocessableContent, detail: "validation failed", errors: errors)
    }

    /// An approximation of Go's `encoding/json` syntax error text.
    private static func syntaxMessage(for text: String) -> String {
        let start = text.first { !" \t\r\n".contains($0) }
        guard let start else { return "unexpected end of JSON input" }
        guard "{[\"-0123456789tfn".contains(start) else {
            return "invalid character '\(start)' looking for beginning of value"
        }
        return "unexpected end of JSON input"
    }
}
