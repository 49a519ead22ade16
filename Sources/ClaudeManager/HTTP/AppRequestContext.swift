import Hummingbird
import NIOCore

/// The request context of every route: the signed-in user, if any, and the client's address.
package struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The authenticated user; `nil` until ``AuthenticationMiddleware`` finds valid credentials.
    package var identity: User?
    /// The session behind the request's session JWT; `nil` for API tokens and anonymous requests.
    package var sessionID: String?
    /// The client's address as a trusted proxy reported it (set by ``ClientAddressMiddleware``); `nil` when the
    /// peer is the client.
    package var forwardedClientAddress: String?
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.sessionID = nil
        self.forwardedClientAddress = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    package var maxUploadSize: Int { 1024 * 1024 }

    /// The context of the request being handled, for OpenAPI handlers (bound by ``RequestContextBridgeMiddleware``).
    @TaskLocal package static var current: AppRequestContext?

    /// The client's IP address, for rate limits and logs: from a trusted proxy's `X-Forwarded-For`, else the peer's.
    var clientAddress: String {
        forwardedClientAddress ?? remoteAddress?.ipAddress ?? "unknown"
    }
}
