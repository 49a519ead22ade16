import ClaudeManagerAPI
import Foundation

extension APIHandler {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let address = AppRequestContext.current?.clientAddress ?? "unknown"
        let session = try await auth.login(email: body.email, password: body.password, clientAddress: address)
        return .ok(
            .init(
                headers: .init(setCookie: sessionCookie(session.token, maxAge: sessionHours * 3600)),
                body: .json(.init(token: session.token, expiresAt: session.expiresAt, user: .init(session.user)))
            )
        )
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        if let sessionID = AppRequestContext.current?.sessionID { try await auth.endSession(id: sessionID) }
        return .noContent(.init(headers: .init(setCookie: sessionCookie("", maxAge: 0))))
    }

    func getCurrentUser(_ input: Operations.GetCurrentUser.Input) async throws -> Operations.GetCurrentUser.Output {
        .ok(.init(body: .json(.init(try currentUser()))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        try await auth.changePassword(
            of: try currentUser(),
            current: body.currentPassword,
            new: body.newPassword,
            keepingSession: AppRequestContext.current?.sessionID
        )
        return .noContent(.init())
    }

    private func sessionCookie(_ value: String, maxAge: Int) -> String {
        var cookie =
            "\(AuthenticationMiddleware.cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
        if isSecureCookie { cookie += "; Secure" }
        return cookie
    }
}
