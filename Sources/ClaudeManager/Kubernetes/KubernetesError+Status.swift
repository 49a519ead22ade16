import Foundation
import NIOCore
import NIOHTTP1

/// Decoding of `Status` answers.
extension KubernetesError {
    /// The error for a non-2xx answer: from its `Status` body when it has one, else from the text of the body
    /// (e.g. a proxied answer from ``KubernetesClient/send(_:timeout:)``).
    package init(statusCode: Int, headers: HTTPHeaders, body: ByteBuffer) {
        let retryAfter = headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let status = try? JSONDecoder().decode(KubernetesStatus.self, from: Data(body.readableBytesView)),
            status.kind == "Status"
        {
            // A body that is not a `Status` falls through to the text below.
            self.init(status: status, httpCode: statusCode, retryAfterSeconds: retryAfter)
            return
        }
        let text = Self.summary(of: String(buffer: body))
        let status = HTTPResponseStatus(statusCode: statusCode)
        let message = text.isEmpty ? "HTTP \(statusCode) \(status.reasonPhrase)" : text
        self.init(code: statusCode, reason: nil, message: message, causes: [], retryAfterSeconds: retryAfter)
    }

    /// The error a `Status` stands for, e.g. the object of a watch `ERROR` event.
    init(status: KubernetesStatus, httpCode: Int? = nil, retryAfterSeconds: Int? = nil) {
        let code = status.code ?? httpCode ?? 500
        let message = status.message.flatMap { $0.isEmpty ? nil : $0 } ?? status.reason ?? "HTTP \(code)"
        self.init(
            code: code,
            reason: status.reason,
            message: message,
            causes: (status.details?.causes ?? []).map {
                Cause(reason: $0.reason, field: $0.field, message: $0.message ?? "")
            },
            retryAfterSeconds: retryAfterSeconds ?? status.details?.retryAfterSeconds
        )
    }

    private init(code: Int, reason: String?, message: String, causes: [Cause], retryAfterSeconds: Int?) {
        switch code {
        case 400: self = .badRequest(message: message)
        case 401: self = .unauthorized(message: message)
        case 403: self = .forbidden(message: message)
        case 404: self = .notFound(message: message)
        case 409 where reason == "AlreadyExists": self = .alreadyExists(message: message)
        case 409: self = .conflict(message: message, causes: causes)
        case 410: self = .gone(message: message)
        case 422: self = .invalid(message: message, causes: causes)
        case 429: self = .tooManyRequests(message: message, retryAfter: retryAfterSeconds.map { .seconds($0) })
        case 500...599: self = .unavailable(code: code, message: message)
        default: self = .unexpectedStatus(code: code, message: message)
        }
    }

    /// The first line of a plain-text body, shortened, so a proxy's error page still says something.
    private static func summary(of text: String) -> String {
        let line =
            text.split(whereSeparator: \.isNewline).lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? ""
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}

/// The API's `Status` object (AM `meta/v1/types.go`), as far as errors need it.
struct KubernetesStatus: Decodable, Sendable {
    struct Details: Decodable, Sendable {
        struct Cause: Decodable, Sendable {
            var reason: String?
            var message: String?
            var field: String?
        }

        var name: String?
        var kind: String?
        var causes: [Cause]?
        var retryAfterSeconds: Int?
    }

    var kind: String?
    var status: String?
    var message: String?
    var reason: String?
    var code: Int?
    var details: Details?
}
