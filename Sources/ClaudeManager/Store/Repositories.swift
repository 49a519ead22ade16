import Foundation

/// Users and their password hashes.
package protocol UserRepository: Sendable {
    /// Inserts a user; throws ``StoreError/conflict(_:)`` when the email is taken.
    func insertUser(_ user: User, passwordHash: String) async throws
    /// The user with `id`, or `nil` when absent.
    func user(id: String) async throws -> User?
    /// The user with `email` (case-insensitive) and their hash, or `nil` when absent.
    func credentials(email: String) async throws -> UserCredentials?
    /// The user with `id` and their hash, or `nil` when absent.
    func credentials(userID: String) async throws -> UserCredentials?
    func listUsers() async throws -> [User]
    /// Saves role and disabled flag; throws ``StoreError/notFound(entity:id:)`` when absent.
    func updateUser(_ user: User) async throws
    func updatePasswordHash(_ hash: String, userID: String) async throws
    /// Deletes the user, their tokens and sessions; throws ``StoreError/notFound(entity:id:)`` when absent.
    func deleteUser(id: String) async throws
    func countUsers() async throws -> Int
    /// Admins who are not disabled.
    func countActiveAdmins() async throws -> Int
}

/// API tokens, stored by the SHA-256 hash of their value.
package protocol TokenRepository: Sendable {
    func insertToken(_ token: APIToken, valueHash: String) async throws
    /// The token whose value hashes to `valueHash`, or `nil` when absent.
    func token(valueHash: String) async throws -> APIToken?
    /// Tokens of one user, or of everyone when `userID` is `nil`.
    func listTokens(userID: String?) async throws -> [APIToken]
    /// The token with `id`, or `nil` when absent.
    func token(id: String) async throws -> APIToken?
    func deleteToken(id: String) async throws
    func recordTokenUse(id: String, at date: Date) async throws
}

/// Server-side session records, by the `jti` of their JWT: the database decides whether a session JWT is still
/// valid, so ending a session holds on every replica that shares the database.
package protocol SessionRepository: Sendable {
    func insertSession(_ session: UserSession) async throws
    /// The session with `id`, or `nil` when absent (never issued, or removed after it expired).
    func session(id: String) async throws -> UserSession?
    /// Marks the session revoked at `date`; does nothing when it is absent or already revoked.
    func revokeSession(id: String, at date: Date) async throws
    /// Marks every unrevoked session of `userID` revoked at `date`, except the one with id `keptID`; returns how
    /// many it revoked.
    func revokeSessions(userID: String, except keptID: String?, at date: Date) async throws -> Int
    /// Removes the sessions that expired before `date`.
    func deleteSessions(expiredBefore date: Date) async throws
}

/// Projects with their observed status and their encrypted secrets.
package protocol ProjectRepository: Sendable {
    /// A number that grows with every project change this process makes, so that answers derived from
    /// projects can be reused while it stays the same; `nil` when the store does not keep track.
    var projectsRevision: Int? { get }
    /// Inserts a project and its secrets; throws ``StoreError/conflict(_:)`` when the short name is taken.
    func insertProject(_ project: Project, secrets: [ProjectSecretName: String]) async throws
    /// The project with `id`, or `nil` when absent.
    func project(id: String) async throws -> Project?
    /// The project with `shortName`, or `nil` when absent.
    func project(shortName: String) async throws -> Project?
    func listProjects(_ query: ProjectQuery) async throws -> Page<Project>
    /// Every project, for the reconciler.
    func allProjects() async throws -> [Project]
    /// Saves settings and desired state; throws ``StoreError/notFound(entity:id:)`` when absent.
    func updateProject(_ project: Project) async throws
    /// Records an observed status; does nothing when the project is gone or, unless `status` is deleting, being deleted.
    func updateStatus(
        projectID: String,
        status: ProjectStatus,
        reason: String?,
        agentURL: String?,
        cause: ProjectStatusCause?
    ) async throws
    func deleteProject(id: String) async throws
    /// Lets `userID` change the project; throws ``StoreError/conflict(_:)`` when they already may.
    func addCollaborator(userID: String, projectID: String) async throws
    /// Takes `userID` off the project's collaborators (nothing happens when they are not on it).
    func removeCollaborator(userID: String, projectID: String) async throws
    /// Takes `userID` off every project: collaborations end, and projects they own go to `newOwnerID`.
    func removeFromProjects(userID: String, newOwnerID: String?) async throws
    /// The decrypted secrets of a project (empty when it has none).
    func secrets(projectID: String) async throws -> [ProjectSecretName: String]
    /// Sets (or, with `nil`, removes) one secret.
    func setSecret(_ name: ProjectSecretName, value: String?, projectID: String) async throws
}

extension ProjectRepository {
    /// Records an observed status that is not a failure the manager acts on.
    package func updateStatus(projectID: String, status: ProjectStatus, reason: String?, agentURL: String?) async throws
    {
        try await updateStatus(projectID: projectID, status: status, reason: reason, agentURL: agentURL, cause: nil)
    }
}

/// Who owned the workspaces that deleted projects kept, so only they (or an admin) may adopt one.
package protocol KeptWorkspaceRepository: Sendable {
    /// Records that the project `projectID`, owned by `ownerID`, kept its workspace `shortName` (replacing any
    /// earlier record of that name).
    func recordKeptWorkspace(shortName: String, ownerID: String?, projectID: String) async throws
    /// The owner recorded for the kept workspace `shortName`: `nil` when none is recorded, `.some(nil)` when it
    /// had no owner.
    func keptWorkspaceOwner(shortName: String) async throws -> String??
    /// Forgets the record of `shortName` (nothing happens when there is none).
    func forgetKeptWorkspace(shortName: String) async throws
}

/// Git credentials with their encrypted secrets.
package protocol GitCredentialRepository: Sendable {
    /// Inserts a credential; throws ``StoreError/conflict(_:)`` when the name is taken.
    func insertGitCredential(_ credential: GitCredential, secret: GitSecret) async throws
    func listGitCredentials() async throws -> [GitCredential]
    /// The credential with `id`, or `nil` when absent.
    func gitCredential(id: String) async throws -> GitCredential?
    /// The decrypted secret of the credential, or `nil` when absent.
    func gitSecret(credentialID: String) async throws -> GitSecret?
    func deleteGitCredential(id: String) async throws
    /// How many projects use the credential.
    func countProjects(usingCredential id: String) async throws -> Int
}

/// The append-only audit log.
package protocol AuditRepository: Sendable {
    func appendAudit(_ record: AuditRecord) async throws
    func listAudit(page: Int, limit: Int) async throws -> Page<AuditRecord>
}

/// Everything the manager keeps.
package protocol Store: UserRepository, TokenRepository, ProjectRepository, GitCredentialRepository, AuditRepository,
    SessionRepository, KeptWorkspaceRepository
{
    /// Whether the database answers a trivial query.
    func ping() async throws
}
