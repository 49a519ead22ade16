import Hummingbird
import NIOCore

/// The request context of every route: the signed-in user, if any, and the client's address.
package struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The authenticated user; `nil` until ``AuthenticationMiddleware`` finds valid credentials.
    package var identity: User?
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    package var maxUploadSize: Int { 1024 * 1024 }

    /// The context of the request being handled, for OpenAPI handlers (bound by ``RequestContextBridgeMiddleware``).
    @TaskLocal package static var current: AppRequestContext?

    /// The client's IP address, for rate limits and logs.
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
