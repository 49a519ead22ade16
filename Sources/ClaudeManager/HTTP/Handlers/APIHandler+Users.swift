import ClaudeManagerAPI
import Foundation

extension APIHandler {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        .ok(.init(body: .json(try await auth.listUsers().map(Components.Schemas.User.init))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let user = try await auth.createUser(
            email: body.email,
            password: body.password,
            role: Role(body.role),
            by: try currentActor()
        )
        return .created(.init(body: .json(.init(user))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        .ok(.init(body: .json(.init(try await auth.user(id: input.path.userId)))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let user = try await auth.updateUser(
            id: input.path.userId,
            role: body.role.map(Role.init),
            isDisabled: body.disabled,
            password: body.password,
            by: try currentActor(),
            actorSessionID: AppRequestContext.current?.sessionID
        )
        return .ok(.init(body: .json(.init(user))))
    }

    func deleteUser(_ input: Operations.DeleteUser.Input) async throws -> Operations.DeleteUser.Output {
        try await auth.deleteUser(id: input.path.userId, by: try currentActor())
        return .noContent(.init())
    }

    func revokeUserSessions(
        _ input: Operations.RevokeUserSessions.Input
    ) async throws -> Operations.RevokeUserSessions.Output {
        try await auth.revokeSessions(ofUser: input.path.userId, by: try currentActor())
        return .noContent(.init())
    }
}
