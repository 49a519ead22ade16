import HTTPTypes
import Hummingbird
import NIOCore

/// AgentAPI's `Host` check: an unlisted hostname (port and case ignored) gets 400 text/plain.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Lowercased hostnames without brackets, or nil when `*` allows every host.
    private let allowedHostnames: [String]?
    private let rejectsEveryHost: Bool

    init(allowedHosts: [String], rejectsEveryHost: Bool) {
        allowedHostnames =
            allowedHosts.contains("*") ? nil : allowedHosts.map { Self.hostname(ofAuthority: $0).lowercased() }
        self.rejectsEveryHost = rejectsEveryHost
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if !rejectsEveryHost, isAllowed(request.host) {
            return try await next(request, context)
        }
        let listed = allowedHostnames?.joined(separator: ", ") ?? "*"
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(
            status: .badRequest,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: "Invalid host header. Allowed hosts: \(listed)\n"))
        )
    }

    private func isAllowed(_ authority: String) -> Bool {
        guard let allowedHostnames else { return true }
        guard !authority.isEmpty else { return false }
        return allowedHostnames.contains(Self.hostname(ofAuthority: authority).lowercased())
    }

    /// The hostname of `host[:port]` or `[v6][:port]`, as Go's `url.URL.Hostname()` gives it.
    private static func hostname(ofAuthority authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.prefix { $0 != ":" })
    }
}
