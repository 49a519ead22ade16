import Foundation
import Logging

extension ProjectReconciler {
    /// Adds the projects the runtime manages but the store does not know (its records were lost), retrying
    /// until the runtime can answer.
    func adoptUnknownProjects() async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                let known = Set(try await store.allProjects().map(\.id))
                let strangers = try await runtime.discoverProjects(excluding: known)
                // Adopted projects and their credentials belong to the first admin, as after the owners migration.
                let admin = strangers.isEmpty ? nil : try await firstAdmin()
                for workload in strangers {
                    var project = workload.project
                    // Created by a user while the runtime was looking: not a stranger after all.
                    if try await store.project(id: project.id) != nil { continue }
                    if try await store.project(shortName: project.shortName) != nil {
                        logger.warning(
                            "not adopting a workload whose short name another project has",
                            metadata: ["project.id": "\(project.id)", "project.shortName": "\(project.shortName)"]
                        )
                        continue
                    }
                    project.owner = admin.map { ProjectMember(userID: $0.id, email: $0.email) }
                    project.gitCredentialID = try await adoptCredential(
                        workload.gitSecret,
                        of: project,
                        ownerID: admin?.id
                    )
                    try await store.insertProject(project, secrets: workload.secrets)
                    try await store.appendAudit(
                        AuditRecord.make(
                            action: .projectAdopt,
                            targetType: .project,
                            targetID: project.id,
                            actor: .system,
                            details: "shortName=\(project.shortName)"
                        )
                    )
                    logger.notice(
                        "adopted a project found in the runtime",
                        metadata: ["project.id": "\(project.id)", "project.shortName": "\(project.shortName)"]
                    )
                    enqueue(project.id)
                }
                return
            } catch {
                logger.warning(
                    "could not look for projects to adopt; retrying",
                    metadata: ["error": "\(error)", "retry.seconds": "\(delay.components.seconds)"]
                )
                try? await Task.sleep(for: delay)  // nil: cancelled on shutdown, the loop ends
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    /// Stores the git credential found with an adopted workload as `adopted-<shortName>` (or with a numbered
    /// suffix when that name is taken); its id, or `nil` when the workload had none.
    private func adoptCredential(_ secret: GitSecret, of project: Project, ownerID: String?) async throws -> String? {
        let kind: GitCredentialKind
        var username: String?
        switch secret {
        case .none: return nil
        case .token(let name, _):
            kind = .token
            username = name.isEmpty ? nil : name
        case .sshKey: kind = .sshKey
        }
        let taken = Set(try await store.listGitCredentials().map(\.name))
        let base = "adopted-\(project.shortName)"
        let name = ([base] + (2...100).map { "\(base)-\($0)" }).first { !taken.contains($0) } ?? "\(base)-\(project.id)"
        let credential = GitCredential(
            id: UUID().uuidString.lowercased(),
            name: name,
            kind: kind,
            provider: GitProvider(repository: project.gitRepository),
            username: username,
            createdAt: Date(),
            ownerID: ownerID,
            scope: .shared,
            // nil: an address that does not parse binds no host (the clone is refused until fixed)
            hosts: (try? GitRemote(parsing: project.gitRepository)).flatMap(GitHostBinding.init(remote:)).map { [$0] }
                ?? []
        )
        try await store.insertGitCredential(credential, secret: secret)
        return credential.id
    }

    /// The earliest admin, who owns what has no other owner.
    private func firstAdmin() async throws -> User? {
        try await store.listUsers().filter { $0.role == .admin }
            .min { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}
