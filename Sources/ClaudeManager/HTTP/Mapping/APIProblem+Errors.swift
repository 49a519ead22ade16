import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime

extension APIProblem {
    /// The answer for `error`: ours by exhaustive switch, OpenAPI decoding failures as 400, the rest 500.
    init(_ error: any Error) {
        switch error {
        case let error as ValidationError:
            self.init(status: .unprocessableContent, message: "validation failed", details: error.issues)
        case let error as StoreError:
            switch error {
            case .notFound(let entity, let id): self.init(status: .notFound, message: "\(entity) '\(id)' not found")
            case .conflict(let message): self.init(status: .conflict, message: message)
            case .unavailable(let message): self.init(status: .serviceUnavailable, message: message)
            }
        case let error as AuthError:
            switch error {
            case .unauthenticated: self.init(status: .unauthorized, message: "authentication required")
            case .invalidCredentials: self.init(status: .unauthorized, message: "invalid email or password")
            case .forbidden(let message): self.init(status: .forbidden, message: message)
            case .rateLimited(let seconds):
                self.init(status: .tooManyRequests, message: "too many login attempts; retry in \(seconds) s")
                headers[.retryAfter] = String(seconds)
            }
        case let error as ProjectError:
            switch error {
            case .busy(let message), .invalidState(let message): self.init(status: .conflict, message: message)
            }
        case let error as BadRequest:
            self.init(status: .badRequest, message: error.message, details: error.details)
        case let error as WorkloadError:
            switch error {
            case .kubernetes(_, .notFound), .fileMissing:
                self.init(status: .notFound, message: error.reason)
            case .kubernetes, .agentNotFound, .agentFailed, .io, .cloneFailed, .sandboxUnavailable:
                self.init(status: .serviceUnavailable, message: error.reason)
            case .invalidObjects, .repositoryRefused, .credentialRefused:
                self.init(status: .unprocessableContent, message: error.reason)
            }
        case let error as ServerError:
            self.init(serverError: error)
        case let error as any HTTPResponseError:
            switch error.status {
            case .contentTooLarge:
                self.init(
                    status: .contentTooLarge,
                    message: "request body is larger than 1 MiB",
                    details: [FieldIssue("body", "must be at most 1 MiB")]
                )
            case .notFound: self.init(status: .notFound, message: "no such route")
            case .methodNotAllowed: self.init(status: .methodNotAllowed, message: "method not allowed on this route")
            default:
                let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
                self.init(status: error.status, message: message)
            }
        case let error as DecodingError:
            self.init(status: .badRequest, message: Self.describe(error), details: [Self.issue(error)])
        default:
            self.init(status: .internalServerError, message: "internal error")
        }
    }

    private init(serverError: ServerError) {
        let underlying = serverError.underlyingError
        if underlying is ValidationError || underlying is StoreError || underlying is AuthError
            || underlying is ProjectError || underlying is BadRequest || underlying is WorkloadError
            || underlying is ServerError || underlying is DecodingError || underlying is any HTTPResponseError
        {
            self.init(underlying)
            return
        }
        if serverError.httpStatus.code < 500 {
            self.init(
                status: serverError.httpStatus,
                message: Self.describe(serverError),
                details: [FieldIssue("request", serverError.causeDescription)]
            )
            return
        }
        let described = "\(underlying)"
        if described.contains("content type") || described.contains("Content-Type") {
            self.init(status: .unsupportedMediaType, message: "send the body as application/json")
        } else if serverError.causeDescription.lowercased().contains("decod")
            || serverError.causeDescription.lowercased().contains("missing")
            || serverError.causeDescription.lowercased().contains("pars")
        {
            self.init(
                status: .badRequest,
                message: Self.describe(serverError),
                details: [FieldIssue("request", serverError.causeDescription)]
            )
        } else {
            self.init(status: .internalServerError, message: "internal error")
        }
    }

    private static func describe(_ serverError: ServerError) -> String {
        if let decoding = serverError.underlyingError as? DecodingError { return describe(decoding) }
        return "malformed request: \(serverError.causeDescription)"
    }

    /// A one-line account of a decoding failure that names the offending field.
    static func describe(_ error: DecodingError) -> String {
        let issue = issue(error)
        return issue.field == "body" && issue.message == "is not valid JSON"
            ? "request body is not valid JSON" : "\(issue.field): \(issue.message)"
    }

    /// The field a decoding failure is about (`body` for the whole body) and what is wrong with it.
    static func issue(_ error: DecodingError) -> FieldIssue {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return FieldIssue(path(context.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldIssue(path(context.codingPath), "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return FieldIssue(path(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            let detail = context.debugDescription
            if detail.contains("not valid JSON") || detail.contains("Unexpected character")
                || detail.contains("The given data was not valid JSON")
            {
                return FieldIssue("body", "is not valid JSON")
            }
            return FieldIssue(path(context.codingPath), detail)
        @unknown default:
            return FieldIssue("body", "is malformed")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "a boolean"
        default: "a value of another type"
        }
    }
}

/// A request that cannot be understood; answered with 400.
struct BadRequest: Error, Sendable {
    var message: String
    var details: [FieldIssue] = []
}
