/// A failed Kubernetes API call, decoded from the API server's `Status` answer (PROTOCOLS.md 3.3) or from the
/// transport; every case keeps the server's message so users can see it.
package enum KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 404 `NotFound`.
    case notFound(message: String)
    /// 409 `AlreadyExists`.
    case alreadyExists(message: String)
    /// 409 `Conflict`: a stale resourceVersion, or a server-side apply `FieldManagerConflict` (in `causes`).
    case conflict(message: String, causes: [Cause])
    /// 422 `Invalid`, with the offending fields in `causes`.
    case invalid(message: String, causes: [Cause])
    /// 400 `BadRequest`, e.g. logs of a container that is waiting to start.
    case badRequest(message: String)
    /// 401 `Unauthorized`, after reloading the credentials did not help.
    case unauthorized(message: String)
    /// 403 `Forbidden`: RBAC denies the call.
    case forbidden(message: String)
    /// 410 `Expired` or `Gone`: a resourceVersion or continue token is too old; relist.
    case gone(message: String)
    /// 429 `TooManyRequests`, with the wait the server asked for.
    case tooManyRequests(message: String, retryAfter: Duration?)
    /// 500, 503, 504 or another 5xx.
    case unavailable(code: Int, message: String)
    /// Any other answer the manager does not expect (405, 415, …).
    case unexpectedStatus(code: Int, message: String)
    /// The server could not be reached or did not answer in time (connection, TLS, timeout).
    case transport(message: String)
    /// An answer that could not be decoded into the expected type.
    case decoding(message: String)

    /// One entry of a `Status`'s `details.causes`.
    package struct Cause: Sendable, Hashable {
        /// E.g. `FieldManagerConflict`, `FieldValueInvalid`, `FieldValueForbidden`.
        package var reason: String?
        /// E.g. `.spec.replicas` or `spec`.
        package var field: String?
        package var message: String

        package init(reason: String?, field: String?, message: String) {
            self.reason = reason
            self.field = field
            self.message = message
        }
    }

    /// The server's message (or the transport's), suitable as a project's status reason.
    package var message: String {
        switch self {
        case .notFound(let message), .alreadyExists(let message), .conflict(let message, _),
            .invalid(let message, _), .badRequest(let message), .unauthorized(let message),
            .forbidden(let message), .gone(let message), .tooManyRequests(let message, _),
            .unavailable(_, let message), .unexpectedStatus(_, let message), .transport(let message),
            .decoding(let message):
            return message
        }
    }

    /// The HTTP status code the case stands for; `nil` for transport and decoding failures.
    package var code: Int? {
        switch self {
        case .notFound: 404
        case .alreadyExists, .conflict: 409
        case .invalid: 422
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .gone: 410
        case .tooManyRequests: 429
        case .unavailable(let code, _), .unexpectedStatus(let code, _): code
        case .transport, .decoding: nil
        }
    }

    /// The details of `conflict` and `invalid`; empty otherwise.
    package var causes: [Cause] {
        switch self {
        case .conflict(_, let causes), .invalid(_, let causes): causes
        default: []
        }
    }

    /// Whether the same request may succeed later: 429, 5xx and transport failures.
    package var isTransient: Bool {
        switch self {
        case .tooManyRequests, .unavailable, .transport: true
        default: false
        }
    }

    package var description: String {
        guard let code else { return message }
        return "\(message) (HTTP \(code))"
    }
}
