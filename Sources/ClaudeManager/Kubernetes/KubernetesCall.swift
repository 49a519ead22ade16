import NIOCore
import NIOHTTP1

/// One API request as the client's transport sends it.
struct KubernetesCall: Sendable {
    var verb: KubernetesVerb
    var method: HTTPMethod
    /// The path and query, e.g. `/api/v1/namespaces/ns/pods?limit=5`.
    var path: String
    var body: ByteBuffer?
    var contentType: String?
    var accept = "application/json"
    /// Whether sending it twice does no harm, so transient failures may be retried.
    var isIdempotent: Bool

    init(
        _ verb: KubernetesVerb,
        _ method: HTTPMethod,
        _ path: String,
        body: ByteBuffer? = nil,
        contentType: String? = nil,
        isIdempotent: Bool = true
    ) {
        self.verb = verb
        self.method = method
        self.path = path
        self.body = body
        self.contentType = contentType
        self.isIdempotent = isIdempotent
    }
}

/// A successful, fully read answer.
struct KubernetesAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}
