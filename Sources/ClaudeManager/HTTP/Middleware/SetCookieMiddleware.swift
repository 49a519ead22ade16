import Foundation
import HTTPTypes
import Hummingbird

/// Restores `Set-Cookie` values that the OpenAPI runtime percent-encodes, so browsers can read them.
struct SetCookieMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var response = try await next(request, context)
        if let cookie = response.headers[.setCookie], cookie.contains("%"),
            let decoded = cookie.removingPercentEncoding
        {
            response.headers[.setCookie] = decoded
        }
        return response
    }
}
