import Foundation
import HTTPTypes
import Hummingbird

/// Finds the user behind a bearer token or the session cookie; invalid credentials leave the request anonymous.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "cm_session"

    let auth: AuthService

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        if let credential = Self.credential(in: request),
            let authentication = try? await auth.authenticate(bearer: credential)  // nil: bad credentials: anonymous
        {
            context.identity = authentication.user
            context.sessionID = authentication.sessionID
        }
        return try await next(request, context)
    }

    /// The bearer value of the `Authorization` header, else the session cookie.
    static func credential(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            var value = parts[1]  // trimmed by hand: Foundation's trimming was a visible cost per request
            while let first = value.first, first == " " || first == "\t" { value = value.dropFirst() }
            while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
            return String(value)
        }
        if let cookie = request.cookies[cookieName]?.value, !cookie.isEmpty { return cookie }
        return nil
    }
}
