import Foundation
import HTTPTypes
import Hummingbird

/// A failure answered as a Kubernetes `Status` body (AM `api/errors/errors.go`).
package struct KubernetesAPIError: Error, Sendable {
    /// One entry of `details.causes`.
    package struct Cause: Sendable, Hashable {
        package var reason: String
        package var message: String
        package var field: String
    }

    package var code: Int
    package var reason: String
    package var message: String
    package var name: String?
    package var group: String?
    package var kind: String?
    package var causes: [Cause] = []
    /// Sent as `Retry-After` and `details.retryAfterSeconds` (429).
    package var retryAfterSeconds: Int?

    /// The `Status` object, as in bodies and watch `ERROR` events.
    package var status: JSONValue {
        var details: [String: JSONValue] = [:]
        if let name { details["name"] = .string(name) }
        if let group, !group.isEmpty { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .int(retryAfterSeconds) }
        if !causes.isEmpty {
            details["causes"] = .array(
                causes.map {
                    ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
                }
            )
        }
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "reason": .string(reason), "code": .number(Double(code)), "message": .string(message),
        ]
        if !details.isEmpty { status["details"] = .object(details) }
        return status
    }

    /// The HTTP answer: the status code and the `Status` body.
    package func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(
            status: HTTPResponse.Status(code: code),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: status.encodedString))
        )
    }

    package static func notFound(_ resource: KubernetesResource, name: String) -> Self {
        Self(
            code: 404,
            reason: "NotFound",
            message: "\(resource.qualifiedName) \"\(name)\" not found",
            name: name,
            group: resource.group,
            kind: resource.plural
        )
    }

    /// A path the double does not serve.
    package static func pathNotFound() -> Self {
        Self(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    package static func alreadyExists(_ resource: KubernetesResource, name: String) -> Self {
        Self(
            code: 409,
            reason: "AlreadyExists",
            message: "\(resource.qualifiedName) \"\(name)\" already exists",
            name: name,
            group: resource.group,
            kind: resource.plural
        )
    }

    package static func badRequest(_ message: String) -> Self {
        Self(code: 400, reason: "BadRequest", message: message)
    }

    package static func invalid(
        _ resource: KubernetesResource,
        name: String,
        causes: [Cause]
    ) -> Self {
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        let qualifiedKind = resource.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.group)"
        return Self(
            code: 422,
            reason: "Invalid",
            message: "\(qualifiedKind) \"\(name)\" is invalid: \(summary)",
            name: name,
            group: resource.group,
            kind: resource.kind,
            causes: causes
        )
    }

    package static func expired(requested: Int, oldest: Int) -> Self {
        Self(code: 410, reason: "Expired", message: "too old resource version: \(requested) (\(oldest))")
    }

    package static func unsupportedMediaType(_ type: String) -> Self {
        Self(
            code: 415,
            reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format: \(type)"
        )
    }

    package static func methodNotAllowed() -> Self {
        Self(
            code: 405,
            reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource"
        )
    }

    /// An injected failure: 429 `TooManyRequests` (retry after 1 s), 503 `ServiceUnavailable`, 504 `Timeout`, or
    /// any other code as `InternalError`.
    package static func injected(code: Int, request number: Int) -> Self {
        let message = "kubernetes-double injected this \(code) (request \(number))"
        switch code {
        case 429: return Self(code: code, reason: "TooManyRequests", message: message, retryAfterSeconds: 1)
        case 503: return Self(code: code, reason: "ServiceUnavailable", message: message)
        case 504: return Self(code: code, reason: "Timeout", message: message)
        default: return Self(code: code, reason: "InternalError", message: message)
        }
    }

    package static func internalError(_ message: String) -> Self {
        Self(code: 500, reason: "InternalError", message: message)
    }
}
