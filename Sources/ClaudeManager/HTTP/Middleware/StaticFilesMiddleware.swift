import Hummingbird

/// Serves the web UI from disk for GET and HEAD requests outside `/api` and the probes; everything else skips the disk.
struct StaticFilesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    private let files: FileMiddleware<AppRequestContext, LocalFileSystem>

    init(directory: String) {
        self.files = FileMiddleware(directory, urlBasePath: "/", searchForIndexHtml: true)
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let path = request.uri.path
        guard request.method == .get || request.method == .head, !Self.isDynamic(path) else {
            return try await next(request, context)
        }
        return try await files.handle(request, context: context, next: next)
    }

    static func isDynamic(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/api" || ProbeRoute.contains(path)
    }
}
