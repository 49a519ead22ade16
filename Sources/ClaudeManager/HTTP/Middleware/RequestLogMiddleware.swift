import Foundation
import Hummingbird
import Logging

/// Logs one line per request (probes excepted): method, path, status, duration and the request's id; never
/// headers or bodies.
///
/// The lines go to `logger`, the access log, which can be routed apart from the rest: `serve` writes every line
/// to the JSON files but only failures (and everything at LOG_LEVEL=debug) to the console.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let logger: Logger

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        if ProbeRoute.contains(request.uri.path) {
            return try await next(request, context)
        }
        let start = ContinuousClock.now
        var metadata: Logger.Metadata = [
            "http.method": "\(request.method.rawValue)",
            "http.path": "\(request.uri.path)",
        ]
        metadata["hb.request.id"] = context.logger[metadataKey: "hb.request.id"]
        do {
            let response = try await next(request, context)
            metadata["http.status"] = "\(response.status.code)"
            metadata["http.duration_ms"] = "\(Self.milliseconds(since: start))"
            let level: Logger.Level = response.status.code >= 500 ? .error : .info
            logger.log(level: level, "request", metadata: metadata)
            return response
        } catch {
            metadata["http.duration_ms"] = "\(Self.milliseconds(since: start))"
            metadata["error.type"] = "\(type(of: error))"
            logger.error("request failed", metadata: metadata)
            throw error
        }
    }

    /// Elapsed milliseconds with two decimals (`12.34`).
    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let hundredths = elapsed.components.seconds * 100_000 + elapsed.components.attoseconds / 10_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
