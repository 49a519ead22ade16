import HTTPTypes
import OpenAPIRuntime

/// Who may call each operation of `openapi.yaml`, by operation id: the one place where access is decided, for the
/// generated handlers and for ``ProjectReadMiddleware`` alike.
enum OperationPolicy: Equatable {
    /// No credentials needed.
    case open
    /// Any signed-in user, viewers included.
    case signedIn
    /// Members and admins.
    case member
    /// Admins only.
    case admin
    /// Admins, and members who own or collaborate on the project named by the `projectId` path parameter.
    case projectChange
    /// Admins, and the member who owns the project named by `projectId` (who collaborates is the owner's call).
    case projectManagement
    /// Admins, and the member who owns the git credential named by `credentialId`.
    case credentialOwnership

    /// The policy of `operationID`; an operation missing here is admin-only.
    static func of(_ operationID: String) -> OperationPolicy {
        table[operationID] ?? .admin
    }

    static let table: [String: OperationPolicy] = [
        "login": .open,
        "getHealth": .open,
        "logout": .signedIn,
        "getCurrentUser": .signedIn,
        "changePassword": .signedIn,
        "listTokens": .signedIn,
        "createToken": .member,
        "revokeToken": .member,
        "listUsers": .admin,
        "createUser": .admin,
        "getUser": .admin,
        "updateUser": .admin,
        "deleteUser": .admin,
        "revokeUserSessions": .admin,
        "listProjects": .signedIn,
        "getProject": .signedIn,
        "getProjectLogs": .signedIn,
        "getProjectEvents": .signedIn,
        "createProject": .member,
        "updateProject": .projectChange,
        "deleteProject": .projectChange,
        "startProject": .projectChange,
        "stopProject": .projectChange,
        "refreshProject": .projectChange,
        "addProjectCollaborator": .projectManagement,
        "removeProjectCollaborator": .projectManagement,
        "listGitCredentials": .signedIn,
        "getGitCredential": .signedIn,
        "createGitCredential": .member,
        "deleteGitCredential": .credentialOwnership,
        "listAuditRecords": .admin,
        "getSystemInfo": .signedIn,
    ]

    /// Throws unless `user` satisfies the policy for the objects named by `pathParameters`, which `store` looks up.
    /// An object that does not exist is left to the handler, which answers 404.
    func authorize(_ user: User?, pathParameters: [String: Substring] = [:], store: any Store) async throws {
        if self == .open { return }
        guard let user else { throw AuthError.unauthenticated }
        switch self {
        case .open, .signedIn:
            return
        case .member:
            try Self.requireMember(user)
        case .admin:
            if user.role < .admin { throw AuthError.forbidden("only admins may do this") }
        case .projectChange, .projectManagement:
            try Self.requireMember(user)
            guard let id = pathParameters["projectId"], let project = try await store.project(id: String(id)) else {
                return
            }
            if self == .projectChange, !project.isChangeable(by: user) {
                throw AuthError.forbidden("only the project's owner, its collaborators and admins may change it")
            }
            if self == .projectManagement, !project.isManageable(by: user) {
                throw AuthError.forbidden("only the project's owner and admins may manage who works on it")
            }
        case .credentialOwnership:
            try Self.requireMember(user)
            guard let id = pathParameters["credentialId"],
                let credential = try await store.gitCredential(id: String(id)), credential.isVisible(to: user)
            else { return }
            if user.role != .admin, credential.ownerID != user.id {
                throw AuthError.forbidden("only the credential's owner and admins may change it")
            }
        }
    }

    private static func requireMember(_ user: User) throws {
        if user.role < .member {
            throw AuthError.forbidden("your role (\(user.role.rawValue)) cannot make changes")
        }
    }
}

/// Checks ``OperationPolicy`` for every OpenAPI operation before its handler runs.
struct AuthorizationMiddleware: ServerMiddleware {
    let store: any Store

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        try await OperationPolicy.of(operationID).authorize(
            AppRequestContext.current?.identity,
            pathParameters: metadata.pathParameters,
            store: store
        )
        return try await next(request, body, metadata)
    }
}
