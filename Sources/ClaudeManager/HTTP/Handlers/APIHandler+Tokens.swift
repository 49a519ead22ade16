import ClaudeManagerAPI
import Foundation

extension APIHandler {
    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        .ok(.init(body: .json(try await auth.listTokens(of: try currentUser()).map(Components.Schemas.APIToken.init))))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let (token, value) = try await auth.createToken(
            for: try currentUser(),
            name: body.name,
            expiresInDays: body.expiresInDays
        )
        return .created(.init(body: .json(.init(value1: .init(token), value2: .init(value: value)))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        try await auth.revokeToken(id: input.path.tokenId, by: try currentUser())
        return .noContent(.init())
    }
}
