import ClaudeManagerAPI
import Foundation

extension APIHandler {
    func listGitCredentials(
        _ input: Operations.ListGitCredentials.Input
    ) async throws
        -> Operations.ListGitCredentials.Output
    {
        .ok(
            .init(
                body: .json(
                    try await gitCredentials.list(for: currentUser()).map(Components.Schemas.GitCredential.init)
                )
            )
        )
    }

    func getGitCredential(_ input: Operations.GetGitCredential.Input) async throws -> Operations.GetGitCredential.Output
    {
        .ok(
            .init(
                body: .json(.init(try await gitCredentials.credential(id: input.path.credentialId, for: currentUser())))
            )
        )
    }

    func createGitCredential(
        _ input: Operations.CreateGitCredential.Input
    ) async throws
        -> Operations.CreateGitCredential.Output
    {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        var draft = GitCredentialDraft(
            name: body.name,
            kind: GitCredentialKind(rawValue: body._type.rawValue) ?? .none,
            provider: GitProvider(rawValue: body.provider.rawValue) ?? .other
        )
        draft.username = body.username.flatMap { $0.isEmpty ? nil : $0 }
        draft.token = body.token
        draft.sshPrivateKey = body.sshPrivateKey
        draft.scope = body.scope.flatMap { GitCredentialScope(rawValue: $0.rawValue) } ?? .personal
        draft.hosts = body.hosts ?? []
        let credential = try await gitCredentials.create(draft, by: try currentUser())
        return .created(.init(body: .json(.init(credential))))
    }

    func deleteGitCredential(
        _ input: Operations.DeleteGitCredential.Input
    ) async throws
        -> Operations.DeleteGitCredential.Output
    {
        try await gitCredentials.delete(id: input.path.credentialId, by: try currentUser())
        return .noContent(.init())
    }
}
