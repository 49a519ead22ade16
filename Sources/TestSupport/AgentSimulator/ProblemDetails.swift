import HTTPTypes
import Hummingbird
import KubernetesDouble

/// A huma `ErrorModel` answer (`application/problem+json`): `title`, `status`, `detail`, `errors`.
struct ProblemDetails: Error, Sendable, Equatable {
    /// One entry of `errors`: `message`, and where known `location` and `value`.
    struct Detail: Encodable, Sendable, Equatable {
        let message: String
        var location: String?
        var value: JSONValue?
    }

    let status: HTTPResponse.Status
    let detail: String
    var errors: [Detail] = []

    /// The 500 huma writes when a handler returns a plain error.
    static func unexpected(_ message: String) -> ProblemDetails {
        ProblemDetails(
            status: .internalServerError,
            detail: "unexpected error occurred",
            errors: [Detail(message: message)]
        )
    }

    /// The answer, its `$schema` built from the request's `Host`.
    func response(host: String) throws -> Response {
        try AgentAPIWire.response(
            Body(problem: self),
            schema: "ErrorModel",
            host: host,
            status: status,
            contentType: "application/problem+json"
        )
    }

    /// Go's `http.StatusText`, which huma uses as `title`.
    private var title: String {
        switch status.code {
        case 400: "Bad Request"
        case 413: "Request Entity Too Large"
        case 422: "Unprocessable Entity"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status.reasonPhrase
        }
    }

    /// The wire shape, `errors` left out when empty.
    private struct Body: Encodable {
        let title: String
        let status: Int
        let detail: String
        let errors: [Detail]?

        init(problem: ProblemDetails) {
            title = problem.title
            status = problem.status.code
            detail = problem.detail
            errors = problem.errors.isEmpty ? nil : problem.errors
        }

        enum CodingKeys: String, CodingKey {
            case title, status, detail, errors
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(status, forKey: .status)
            try container.encode(detail, forKey: .detail)
            try container.encodeIfPresent(errors, forKey: .errors)
        }
    }
}
