import HTTPTypes
import Hummingbird

/// Takes the client's address from `X-Forwarded-For` when the peer is a trusted proxy (see ``TrustedProxies``);
/// added only when `TRUSTED_PROXIES` names some.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    let proxies: TrustedProxies

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        if let name = Self.forwardedFor, let peer = context.remoteAddress?.ipAddress {
            let forwardedFor = request.headers[values: name]
            context.forwardedClientAddress = proxies.clientAddress(peer: peer, forwardedFor: forwardedFor)
        }
        return try await next(request, context)
    }
}
