import Hummingbird

/// Puts the request context in ``AppRequestContext/current`` so OpenAPI handlers can read it.
struct RequestContextBridgeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        try await AppRequestContext.$current.withValue(context) {
            try await next(request, context)
        }
    }
}
