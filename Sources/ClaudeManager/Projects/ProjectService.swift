import Foundation
import Logging

/// The project operations behind the API: validate, record desired state and audit, then hand over to the reconciler.
package struct ProjectService: Sendable {
    let store: any Store
    let runtime: any WorkloadRuntime
    let reconciler: ProjectReconciler
    let defaultWorkspaceSize: String
    let defaultStorageClass: String?
    let repositories: RepositoryPolicy
    /// `JIRA_SERVICE_USER`: who owns the projects created from Jira tickets.
    let jiraServiceUser: String?
    let logger: Logger

    package init(
        store: any Store,
        runtime: any WorkloadRuntime,
        reconciler: ProjectReconciler,
        defaultWorkspaceSize: String,
        defaultStorageClass: String?,
        repositories: RepositoryPolicy = RepositoryPolicy(localRoots: []),
        jiraServiceUser: String? = nil,
        logger: Logger
    ) {
        self.jiraServiceUser = jiraServiceUser
        self.store = store
        self.runtime = runtime
        self.reconciler = reconciler
        self.defaultWorkspaceSize = defaultWorkspaceSize
        self.defaultStorageClass = defaultStorageClass
        self.repositories = repositories
        self.logger = logger
    }

    package func list(_ query: ProjectQuery) async throws -> Page<Project> {
        try await store.listProjects(query)
    }

    /// Grows with every project change; see ``ProjectRepository/projectsRevision``.
    package var revision: Int? { store.projectsRevision }

    /// The project with `id`, or `nil`.
    package func findProject(id: String) async throws -> Project? {
        try await store.project(id: id)
    }

    /// The project with `id`; throws ``StoreError/notFound(entity:id:)`` when absent.
    package func project(id: String) async throws -> Project {
        guard let project = try await store.project(id: id) else {
            throw StoreError.notFound(entity: "project", id: id)
        }
        return project
    }

    /// Creates a project owned by `user` (or, for projects made on someone's behalf, by `owner`).
    package func create(_ draft: ProjectDraft, by user: User, owner: User? = nil) async throws -> Project {
        let actor = Actor(user)
        var issues = ProjectRules.issues(name: draft.name)
        let remote = repositoryIssue(draft.gitRepository, into: &issues)
        if let shortName = draft.shortName, !ProjectRules.isValidShortName(shortName) {
            issues.append(
                FieldIssue(
                    "shortName",
                    "must be 1-40 lowercase letters, digits or '-', starting and ending with a letter or digit"
                )
            )
        }
        issues += ProjectRules.issues(quantity: draft.cpu, field: "resources.cpu")
        issues += ProjectRules.issues(quantity: draft.memory, field: "resources.memory")
        issues += ProjectRules.issues(quantity: draft.storageSize, field: "storage.size")
        issues += try await credentialIssues(draft.gitCredentialID, user: user, remote: remote)
        issues += Self.secretIssues(draft.secrets)
        guard issues.isEmpty else { throw ValidationError(issues) }

        let shortName: String
        // Whether a kept workspace of that name may exist unseen (the runtime could not tell).
        var isUnchecked = false
        if let requested = draft.shortName {
            guard try await store.project(shortName: requested) == nil else {
                throw ValidationError(field: "shortName", "is already used by another project")
            }
            let isKept = try await hasKeptWorkspace(requested)
            if draft.adoptsKeptWorkspace {
                // A workspace that may be there (or the runtime cannot tell) is adopted only by who may.
                if isKept != false { try await requireMayAdopt(requested, user: user) }
            } else if isKept == true {
                throw ValidationError(
                    field: "shortName",
                    "a deleted project's kept workspace has this name; set adoptWorkspace to use it, or choose another"
                )
            } else {
                isUnchecked = isKept == nil
            }
            shortName = requested
        } else {
            (shortName, isUnchecked) = try await availableShortName(from: draft.gitRepository)
        }
        let owner = owner ?? user
        let now = Date()
        let project = Project(
            id: UUID().uuidString.lowercased(),
            name: draft.name.trimmingCharacters(in: .whitespacesAndNewlines),
            shortName: shortName,
            gitRepository: draft.gitRepository.trimmingCharacters(in: .whitespaces),
            gitCredentialID: draft.gitCredentialID,
            resources: ResourceRequirements(
                cpu: draft.cpu ?? ResourceRequirements.defaults.cpu,
                memory: draft.memory ?? ResourceRequirements.defaults.memory
            ),
            storage: StorageRequirements(
                size: draft.storageSize ?? defaultWorkspaceSize,
                storageClass: draft.storageClass ?? defaultStorageClass
            ),
            desiredState: draft.startsRunning ? .running : .stopped,
            status: .creating,
            statusReason: nil,
            statusCause: isUnchecked ? .keptWorkspaceUnchecked : nil,
            agentURL: nil,
            secretNames: Set(draft.secrets.keys),
            keepVolumesOnDelete: nil,
            createdAt: now,
            updatedAt: now,
            statusChangedAt: now,
            owner: ProjectMember(userID: owner.id, email: owner.email)
        )
        try await store.insertProject(project, secrets: draft.secrets)
        if draft.adoptsKeptWorkspace, draft.shortName != nil {
            try await store.forgetKeptWorkspace(shortName: shortName)
        }
        let adopted = draft.adoptsKeptWorkspace && draft.shortName != nil ? " adoptWorkspace=true" : ""
        try await audit(.projectCreate, project, by: actor, details: "shortName=\(shortName)\(adopted)")
        reconciler.enqueue(project.id)
        return project
    }

    package func update(id: String, _ changes: ProjectChanges, by user: User) async throws -> Project {
        let actor = Actor(user)
        var project = try await self.project(id: id)
        try Self.requireNotDeleting(project)
        var issues = ProjectRules.issues(name: changes.name)
        let remote = repositoryIssue(changes.gitRepository ?? project.gitRepository, into: &issues)
        issues += ProjectRules.issues(quantity: changes.cpu, field: "resources.cpu")
        issues += ProjectRules.issues(quantity: changes.memory, field: "resources.memory")
        issues += ProjectRules.issues(quantity: changes.storageSize, field: "storage.size")
        if let credentialID = changes.gitCredentialID, !credentialID.isEmpty {
            issues += try await credentialIssues(credentialID, user: user, remote: remote)
        } else if changes.gitCredentialID == nil, changes.gitRepository != nil,
            let credentialID = project.gitCredentialID,
            let remote, let credential = try await store.gitCredential(id: credentialID), !credential.permits(remote)
        {
            issues.append(
                FieldIssue(
                    "gitRepository",
                    "the project's git credential '\(credential.name)' is not bound to \(remote.host)"
                )
            )
        }
        issues += Self.secretIssues(changes.secrets.filter { !$0.value.isEmpty })
        if runtime.kind == .kubernetes { issues += Self.volumeIssues(project, changes) }
        guard issues.isEmpty else { throw ValidationError(issues) }

        var changed: [String] = []
        func assign<T: Equatable>(_ value: T?, to keyPath: WritableKeyPath<Project, T>, _ label: String) {
            guard let value, project[keyPath: keyPath] != value else { return }
            project[keyPath: keyPath] = value
            changed.append(label)
        }
        assign(changes.name?.trimmingCharacters(in: .whitespacesAndNewlines), to: \.name, "name")
        assign(changes.gitRepository?.trimmingCharacters(in: .whitespaces), to: \.gitRepository, "gitRepository")
        assign(changes.cpu, to: \.resources.cpu, "resources.cpu")
        assign(changes.memory, to: \.resources.memory, "resources.memory")
        assign(changes.storageSize, to: \.storage.size, "storage.size")
        if let storageClass = changes.storageClass {
            project.storage.storageClass = storageClass.isEmpty ? nil : storageClass
            changed.append("storage.storageClass")
        }
        if let credentialID = changes.gitCredentialID {
            project.gitCredentialID = credentialID.isEmpty ? nil : credentialID
            changed.append("gitCredentialId")
        }
        project.updatedAt = Date()
        try await store.updateProject(project)
        for (name, value) in changes.secrets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try await store.setSecret(name, value: value.isEmpty ? nil : value, projectID: id)
            changed.append(name.rawValue)
        }
        try await audit(.projectUpdate, project, by: actor, details: "changed=\(changed.joined(separator: ","))")
        reconciler.enqueue(id)
        return try await self.project(id: id)
    }

    package func setDesiredState(id: String, _ state: DesiredState, by actor: Actor) async throws -> Project {
        var project = try await self.project(id: id)
        try Self.requireNotDeleting(project)
        project.desiredState = state
        project.updatedAt = Date()
        try await store.updateProject(project)
        try await audit(state == .running ? .projectStart : .projectStop, project, by: actor)
        try await recreateIfLost(project)
        reconciler.enqueue(id)
        return try await self.project(id: id)
    }

    package func refresh(id: String, by actor: Actor) async throws -> Project {
        let project = try await self.project(id: id)
        try Self.requireNotDeleting(project)
        try await audit(.projectRefresh, project, by: actor)
        try await recreateIfLost(project)
        reconciler.enqueueReapplying(id)
        return try await self.project(id: id)
    }

    package func delete(id: String, keepingVolumes: Bool, by actor: Actor) async throws -> Project {
        var project = try await self.project(id: id)
        project.desiredState = .stopped
        project.keepVolumesOnDelete = keepingVolumes
        project.updatedAt = Date()
        try await store.updateProject(project)
        try await store.updateStatus(projectID: id, status: .deleting, reason: nil, agentURL: nil)
        if keepingVolumes {
            try await store.recordKeptWorkspace(
                shortName: project.shortName,
                ownerID: project.owner?.userID,
                projectID: project.id
            )
        }
        try await audit(.projectDelete, project, by: actor, details: "keepVolumes=\(keepingVolumes)")
        reconciler.enqueue(id)
        return try await self.project(id: id)
    }

    /// Kubernetes volumes only grow, and a claim's storage class is fixed once it exists.
    private static func volumeIssues(_ project: Project, _ changes: ProjectChanges) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if let size = changes.storageSize, let new = Quantity(size)?.value,
            let old = Quantity(project.storage.size)?.value, new < old
        {
            issues.append(FieldIssue("storage.size", "cannot shrink from \(project.storage.size); volumes only grow"))
        }
        if let storageClass = changes.storageClass,
            (storageClass.isEmpty ? nil : storageClass) != project.storage.storageClass
        {
            issues.append(FieldIssue("storage.storageClass", "cannot change once the volumes exist"))
        }
        return issues
    }

    /// A project whose workload was removed outside the manager is created again on an explicit start or refresh.
    private func recreateIfLost(_ project: Project) async throws {
        guard project.status == .error, project.statusCause == .workloadLost else {
            return
        }
        try await store.updateStatus(projectID: project.id, status: .creating, reason: nil, agentURL: nil)
    }

    package func events(id: String) async throws -> [WorkloadEvent] {
        try await runtime.events(of: try await project(id: id))
    }

    package func logs(id: String, lines: Int) async throws -> [String] {
        try await runtime.logs(of: try await project(id: id), lines: lines)
    }

    /// A short name from the repository's name that no project uses and no kept workspace has, and whether the
    /// runtime could not tell about kept workspaces.
    private func availableShortName(from repository: String) async throws -> (String, isUnchecked: Bool) {
        let base = ProjectRules.shortName(fromRepository: repository)
        for suffix in 1...999 {
            let tail = suffix == 1 ? "" : "-\(suffix)"
            let candidate = String(base.prefix(ProjectRules.maxShortNameLength - tail.count)) + tail
            guard try await store.project(shortName: candidate) == nil else { continue }
            switch try await hasKeptWorkspace(candidate) {
            case nil: return (candidate, true)
            case false?: return (candidate, false)
            case true?: continue
            }
        }
        throw ValidationError(field: "shortName", "could not derive a free short name; give one")
    }

    /// Throws unless `user` may adopt the kept workspace `shortName`: admins may; members only when they owned the
    /// deleted project that kept it, so nobody takes over another member's files by naming them.
    private func requireMayAdopt(_ shortName: String, user: User) async throws {
        guard user.role != .admin else { return }
        let owner = try await store.keptWorkspaceOwner(shortName: shortName)
        guard case .some(.some(let ownerID)) = owner, ownerID == user.id else {
            throw ValidationError(
                field: "adoptWorkspace",
                "only the owner of the deleted project that kept this workspace, or an admin, may adopt it"
            )
        }
    }

    /// Whether a deleted project's workspace named `shortName` was kept; `nil` when the runtime cannot tell now (the
    /// Kubernetes API is down): the create goes ahead and the reconciler looks before the first apply.
    private func hasKeptWorkspace(_ shortName: String) async throws -> Bool? {
        do {
            return try await runtime.hasKeptWorkspace(shortName: shortName)
        } catch let error as WorkloadError {
            logger.warning(
                "could not look for a kept workspace; checking before the first apply",
                metadata: ["project.shortName": "\(shortName)", "error": "\(error.reason)"]
            )
            return nil
        }
    }

    /// The parsed repository address, or `nil` with the reason added to `issues`.
    private func repositoryIssue(_ text: String, into issues: inout [FieldIssue]) -> GitRemote? {
        do {
            return try repositories.remote(for: text)
        } catch {
            issues.append(FieldIssue("gitRepository", error.message))
            return nil
        }
    }

    /// Why `user` may not link credential `credentialID` to a project cloning `remote`, if they may not.
    private func credentialIssues(_ credentialID: String?, user: User, remote: GitRemote?) async throws -> [FieldIssue]
    {
        guard let credentialID else { return [] }
        guard let credential = try await store.gitCredential(id: credentialID), credential.isVisible(to: user) else {
            return [FieldIssue("gitCredentialId", "names no git credential")]
        }
        guard credential.isUsable(by: user) else {
            return [FieldIssue("gitCredentialId", "is another user's personal credential")]
        }
        guard let remote else { return [] }
        if remote.transport == .file {
            return [FieldIssue("gitCredentialId", "file:// repositories take no credential")]
        }
        guard credential.permits(remote) else {
            let hosts = credential.hosts.map(\.description).joined(separator: ", ")
            return [
                FieldIssue(
                    "gitCredentialId",
                    "is bound to \(hosts.isEmpty ? "no host" : hosts), not to \(GitHostBinding(remote: remote)?.description ?? remote.host)"
                )
            ]
        }
        return []
    }

    private static func secretIssues(_ secrets: [ProjectSecretName: String]) -> [FieldIssue] {
        secrets.compactMap { name, value in
            let field =
                switch name {
                case .anthropicAPIKey: "anthropicApiKey"
                case .codeServerPassword: "codeServerPassword"
                case .sudoPassword: "sudoPassword"
                }
            if value.count > 4096 { return FieldIssue(field, "must be at most 4096 characters") }
            if value.contains(where: \.isNewline) { return FieldIssue(field, "must be a single line") }
            return nil
        }
    }

    static func requireNotDeleting(_ project: Project) throws {
        if project.status == .deleting {
            throw ProjectError.invalidState("project \(project.shortName) is being deleted")
        }
    }

    private func audit(
        _ action: AuditAction,
        _ project: Project,
        by actor: Actor,
        details: String? = nil
    ) async throws {
        try await store.appendAudit(
            AuditRecord.make(
                action: action,
                targetType: .project,
                targetID: project.id,
                actor: actor,
                details: details
            )
        )
        logger.info(
            "project operation",
            metadata: [
                "project.id": "\(project.id)", "operation": "\(action.rawValue)",
                "user.id": "\(actor.id ?? "system")",
            ]
        )
    }
}
