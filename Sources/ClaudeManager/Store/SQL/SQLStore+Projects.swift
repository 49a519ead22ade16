import Foundation
import SQLKit

extension SQLStore {
    package var projectsRevision: Int? { projectCatalog?.revision }

    package func insertProject(_ project: Project, secrets: [ProjectSecretName: String]) async throws {
        try await changingProject(project.id) {
            try await mappingConflicts("a project with short name '\(project.shortName)' already exists") {
                try await database.insert(into: "projects")
                    .columns(ProjectRow.columns)
                    .values(ProjectRow.binds(for: project))
                    .run()
            }
            do {
                for (name, value) in secrets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    try await writeSecret(name, value: value, projectID: project.id)
                }
            } catch {
                try? await removeProject(id: project.id)  // nil: undoing a half insert; the secret error is reported
                throw error
            }
        }
    }

    /// Runs the write `body` on project `id` and keeps the ``ProjectCatalog`` (if any) in step with it.
    private func changingProject<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T {
        guard let projectCatalog else { return try await body() }
        return try await projectCatalog.changing(id, write: body, reload: { try await selectProject(id: id) })
    }

    /// Every project, from SQL, for loading the catalog.
    private func selectAllProjects() async throws -> [Project] {
        let rows = try await database.select().columns("*").from("projects").orderBy("created_at").all()
        return try await withDetails(rows.map(ProjectRow.project(from:)))
    }

    private func selectProject(id: String) async throws -> Project? {
        guard let row = try await database.select().columns("*").from("projects").where("id", .equal, id).first()
        else { return nil }
        return try await withDetails([ProjectRow.project(from: row)]).first
    }

    package func project(id: String) async throws -> Project? {
        if let projectCatalog { return try await projectCatalog.project(id: id, load: selectAllProjects) }
        return try await selectProject(id: id)
    }

    package func project(shortName: String) async throws -> Project? {
        if let projectCatalog { return try await projectCatalog.project(shortName: shortName, load: selectAllProjects) }
        guard
            let row = try await database.select().columns("*").from("projects")
                .where("short_name", .equal, shortName).first()
        else { return nil }
        return try await withDetails([ProjectRow.project(from: row)]).first
    }

    package func listProjects(_ query: ProjectQuery) async throws -> Page<Project> {
        if let projectCatalog { return try await projectCatalog.page(query, load: selectAllProjects) }
        return query.page(of: try await selectAllProjects().sorted(by: Project.isListedBefore))
    }

    package func allProjects() async throws -> [Project] {
        if let projectCatalog { return try await projectCatalog.all(load: selectAllProjects) }
        return try await selectAllProjects()
    }

    package func updateProject(_ project: Project) async throws {
        guard try await self.project(id: project.id) != nil else {
            throw StoreError.notFound(entity: "project", id: project.id)
        }
        try await changingProject(project.id) {
            try await database.update("projects")
                .set("name", to: project.name)
                .set("git_repository", to: project.gitRepository)
                .set("git_credential_id", to: project.gitCredentialID)
                .set("cpu", to: project.resources.cpu)
                .set("memory", to: project.resources.memory)
                .set("storage_size", to: project.storage.size)
                .set("storage_class", to: project.storage.storageClass)
                .set("desired_state", to: project.desiredState.rawValue)
                .set("keep_volumes_on_delete", to: project.keepVolumesOnDelete.map { $0 ? 1 : 0 })
                .set("owner_id", to: project.owner?.userID)
                .set("updated_at", to: Timestamp.milliseconds(project.updatedAt))
                .where("id", .equal, project.id)
                .run()
        }
    }

    package func updateStatus(
        projectID: String,
        status: ProjectStatus,
        reason: String?,
        agentURL: String?,
        cause: ProjectStatusCause?
    ) async throws {
        let now = Timestamp.now
        var update = database.update("projects")
            .set("status", to: status.rawValue)
            .set("status_reason", to: reason)
            .set("status_cause", to: cause?.rawValue)
            .set("agent_url", to: agentURL)
            .set("status_changed_at", to: now)
            .where("id", .equal, projectID)
        if status != .deleting {
            update = update.where("status", .notEqual, ProjectStatus.deleting.rawValue)
        }
        guard let projectCatalog else { return try await update.run() }
        // The catalog applies the same change in memory rather than reading the row back: a resync writes many.
        let record: @Sendable (inout Project) -> Void = { project in
            guard status == .deleting || project.status != .deleting else { return }
            project.status = status
            project.statusReason = reason
            project.statusCause = cause
            project.agentURL = agentURL
            project.statusChangedAt = Timestamp.date(now)
        }
        try await projectCatalog.changing(projectID, write: { try await update.run() }, change: record)
    }

    package func deleteProject(id: String) async throws {
        try await changingProject(id) { try await removeProject(id: id) }
    }

    private func removeProject(id: String) async throws {
        try await database.delete(from: "project_secrets").where("project_id", .equal, id).run()
        try await database.delete(from: "project_collaborators").where("project_id", .equal, id).run()
        try await database.delete(from: "projects").where("id", .equal, id).run()
    }

    package func secrets(projectID: String) async throws -> [ProjectSecretName: String] {
        let rows = try await database.select().columns("name", "ciphertext").from("project_secrets")
            .where("project_id", .equal, projectID).all()
        var secrets: [ProjectSecretName: String] = [:]
        for row in rows {
            guard let name = ProjectSecretName(rawValue: try row.decode(column: "name", as: String.self)) else {
                continue
            }
            secrets[name] = try secretBox.open(try row.decode(column: "ciphertext", as: String.self))
        }
        return secrets
    }

    package func setSecret(_ name: ProjectSecretName, value: String?, projectID: String) async throws {
        try await changingProject(projectID) { try await writeSecret(name, value: value, projectID: projectID) }
    }

    private func writeSecret(_ name: ProjectSecretName, value: String?, projectID: String) async throws {
        try await database.delete(from: "project_secrets")
            .where("project_id", .equal, projectID).where("name", .equal, name.rawValue).run()
        guard let value else { return }
        try await database.insert(into: "project_secrets")
            .columns("project_id", "name", "ciphertext", "updated_at")
            .values(
                SQLBind(projectID),
                SQLBind(name.rawValue),
                SQLBind(try secretBox.seal(value)),
                SQLBind(Timestamp.now)
            )
            .run()
    }

    /// Fills in which secrets each project has, its owner and its collaborators, with a few queries for all of them.
    private func withDetails(_ projects: [Project]) async throws -> [Project] {
        guard !projects.isEmpty else { return projects }
        let members = try await members(of: projects)
        let rows = try await database.select().columns("project_id", "name").from("project_secrets")
            .where("project_id", .in, projects.map(\.id)).all()
        var names: [String: Set<ProjectSecretName>] = [:]
        for row in rows {
            let projectID = try row.decode(column: "project_id", as: String.self)
            if let name = ProjectSecretName(rawValue: try row.decode(column: "name", as: String.self)) {
                names[projectID, default: []].insert(name)
            }
        }
        return projects.map { project in
            var project = project
            project.secretNames = names[project.id] ?? []
            project.owner = project.owner.map {
                ProjectMember(userID: $0.userID, email: members.emails[$0.userID] ?? "")
            }
            project.collaborators = members.collaborators[project.id] ?? []
            return project
        }
    }

    /// The collaborators of `projects` (oldest first) and the emails of everyone who owns or collaborates on them.
    private func members(
        of projects: [Project]
    ) async throws -> (collaborators: [String: [ProjectMember]], emails: [String: String]) {
        let rows = try await database.select().columns("project_id", "user_id").from("project_collaborators")
            .where("project_id", .in, projects.map(\.id)).orderBy("added_at").orderBy("user_id").all()
        let pairs = try rows.map {
            (try $0.decode(column: "project_id", as: String.self), try $0.decode(column: "user_id", as: String.self))
        }
        let userIDs = Set(pairs.map(\.1) + projects.compactMap(\.owner?.userID))
        var emails: [String: String] = [:]
        if !userIDs.isEmpty {
            for row in try await database.select().columns("id", "email").from("users")
                .where("id", .in, Array(userIDs)).all()
            {
                emails[try row.decode(column: "id", as: String.self)] = try row.decode(column: "email", as: String.self)
            }
        }
        var collaborators: [String: [ProjectMember]] = [:]
        for (projectID, userID) in pairs {
            collaborators[projectID, default: []].append(ProjectMember(userID: userID, email: emails[userID] ?? ""))
        }
        return (collaborators, emails)
    }

    package func addCollaborator(userID: String, projectID: String) async throws {
        try await changingProject(projectID) {
            try await mappingConflicts("the user already collaborates on this project") {
                try await database.insert(into: "project_collaborators")
                    .columns("project_id", "user_id", "added_at")
                    .values(SQLBind(projectID), SQLBind(userID), SQLBind(Timestamp.now))
                    .run()
            }
        }
    }

    package func removeCollaborator(userID: String, projectID: String) async throws {
        try await changingProject(projectID) {
            try await database.delete(from: "project_collaborators")
                .where("project_id", .equal, projectID).where("user_id", .equal, userID).run()
        }
    }

    package func removeFromProjects(userID: String, newOwnerID: String?) async throws {
        let owned = try await database.select().column("id").from("projects").where("owner_id", .equal, userID).all()
            .map { try $0.decode(column: "id", as: String.self) }
        let collaborating = try await database.select().column("project_id").from("project_collaborators")
            .where("user_id", .equal, userID).all().map { try $0.decode(column: "project_id", as: String.self) }
        for projectID in Set(owned + collaborating) {
            try await changingProject(projectID) {
                try await database.delete(from: "project_collaborators")
                    .where("project_id", .equal, projectID).where("user_id", .equal, userID).run()
                try await database.update("projects").set("owner_id", to: newOwnerID)
                    .where("id", .equal, projectID).where("owner_id", .equal, userID).run()
            }
        }
    }
}

/// The `projects` table's columns and the conversion between its rows and ``Project``.
enum ProjectRow {
    static let columns = [
        "id", "name", "short_name", "git_repository", "git_credential_id", "cpu", "memory", "storage_size",
        "storage_class", "desired_state", "status", "status_reason", "agent_url", "keep_volumes_on_delete",
        "created_at", "updated_at", "status_changed_at", "owner_id", "status_cause",
    ]

    static func binds(for project: Project) -> [any SQLExpression] {
        [
            SQLBind(project.id), SQLBind(project.name), SQLBind(project.shortName), SQLBind(project.gitRepository),
            SQLBind(project.gitCredentialID), SQLBind(project.resources.cpu), SQLBind(project.resources.memory),
            SQLBind(project.storage.size), SQLBind(project.storage.storageClass),
            SQLBind(project.desiredState.rawValue), SQLBind(project.status.rawValue), SQLBind(project.statusReason),
            SQLBind(project.agentURL), SQLBind(project.keepVolumesOnDelete.map { $0 ? 1 : 0 }),
            SQLBind(Timestamp.milliseconds(project.createdAt)), SQLBind(Timestamp.milliseconds(project.updatedAt)),
            SQLBind(Timestamp.milliseconds(project.statusChangedAt)), SQLBind(project.owner?.userID),
            SQLBind(project.statusCause?.rawValue),
        ]
    }

    static func project(from row: any SQLRow) throws -> Project {
        Project(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            shortName: try row.decode(column: "short_name", as: String.self),
            gitRepository: try row.decode(column: "git_repository", as: String.self),
            gitCredentialID: try row.decode(column: "git_credential_id", as: String?.self),
            resources: ResourceRequirements(
                cpu: try row.decode(column: "cpu", as: String.self),
                memory: try row.decode(column: "memory", as: String.self)
            ),
            storage: StorageRequirements(
                size: try row.decode(column: "storage_size", as: String.self),
                storageClass: try row.decode(column: "storage_class", as: String?.self)
            ),
            desiredState: DesiredState(rawValue: try row.decode(column: "desired_state", as: String.self)) ?? .stopped,
            status: ProjectStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .error,
            statusReason: try row.decode(column: "status_reason", as: String?.self),
            statusCause: try row.decode(column: "status_cause", as: String?.self).flatMap(ProjectStatusCause.init),
            agentURL: try row.decode(column: "agent_url", as: String?.self),
            secretNames: [],
            keepVolumesOnDelete: try row.decode(column: "keep_volumes_on_delete", as: Int?.self).map { $0 != 0 },
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp.date(try row.decode(column: "updated_at", as: Int64.self)),
            statusChangedAt: Timestamp.date(try row.decode(column: "status_changed_at", as: Int64.self)),
            // The email is filled in with the other details.
            owner: try row.decode(column: "owner_id", as: String?.self).map { ProjectMember(userID: $0, email: "") }
        )
    }
}
