import HTTPTypes
import OpenAPIRuntime

/// Who may call each operation of `openapi.yaml`, by operation id.
enum OperationPolicy: Equatable {
    /// No credentials needed.
    case open
    /// Any signed-in user, viewers included.
    case signedIn
    /// Members and admins: changes to projects and shared settings.
    case member
    /// Admins only.
    case admin

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
        "updateProject": .member,
        "deleteProject": .member,
        "startProject": .member,
        "stopProject": .member,
        "refreshProject": .member,
        "listGitCredentials": .signedIn,
        "getGitCredential": .signedIn,
        "createGitCredential": .member,
        "deleteGitCredential": .member,
        "listAuditRecords": .admin,
        "getSystemInfo": .signedIn,
    ]

    /// Throws unless `user` satisfies the policy.
    func authorize(_ user: User?) throws {
        if self == .open { return }
        guard let user else { throw AuthError.unauthenticated }
        switch self {
        case .open, .signedIn:
            return
        case .member:
            if user.role < .member {
                throw AuthError.forbidden("your role (\(user.role.rawValue)) cannot make changes")
            }
        case .admin:
            if user.role < .admin { throw AuthError.forbidden("only admins may do this") }
        }
    }
}

/// Checks ``OperationPolicy`` for every OpenAPI operation before its handler runs.
struct AuthorizationMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        try OperationPolicy.of(operationID).authorize(AppRequestContext.current?.identity)
        return try await next(request, body, metadata)
    }
}
