import ClaudeManagerAPI
import Foundation

/// Implements the generated `APIProtocol`: maps DTOs to domain calls and back, nothing more.
struct APIHandler: APIProtocol {
    let auth: AuthService
    let projects: ProjectService
    let gitCredentials: GitCredentialService
    let store: any Store
    let runtime: any WorkloadRuntime
    let sessionHours: Int
    let isSecureCookie: Bool

    init(
        auth: AuthService,
        projects: ProjectService,
        store: any Store,
        runtime: any WorkloadRuntime,
        sessionHours: Int,
        isSecureCookie: Bool
    ) {
        self.auth = auth
        self.projects = projects
        self.gitCredentials = GitCredentialService(store: store)
        self.store = store
        self.runtime = runtime
        self.sessionHours = sessionHours
        self.isSecureCookie = isSecureCookie
    }

    /// The signed-in user; the authorization middleware has already required one.
    func currentUser() throws -> User {
        guard let user = AppRequestContext.current?.identity else { throw AuthError.unauthenticated }
        return user
    }

    func currentActor() throws -> Actor {
        Actor(try currentUser())
    }

    /// Checks a page/limit pair from a query string.
    static func paging(page: Int?, limit: Int?, defaultLimit: Int, maxLimit: Int) throws -> (page: Int, limit: Int) {
        let page = page ?? 1
        let limit = limit ?? defaultLimit
        var issues: [FieldIssue] = []
        if page < 1 || page > 1_000_000 { issues.append(FieldIssue("page", "must be from 1 to 1000000")) }
        if limit < 1 || limit > maxLimit { issues.append(FieldIssue("limit", "must be from 1 to \(maxLimit)")) }
        guard issues.isEmpty else { throw BadRequest(message: "invalid query parameters", details: issues) }
        return (page, limit)
    }
}
