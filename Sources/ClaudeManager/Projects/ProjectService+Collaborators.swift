import Foundation

extension ProjectService {
    /// Lets the user with `email` change the project; the operation policy has checked that the caller may manage it.
    package func addCollaborator(email: String, projectID: String, by user: User) async throws -> Project {
        let project = try await self.project(id: projectID)
        try Self.requireNotDeleting(project)
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        guard let collaborator = try await store.credentials(email: trimmed)?.user, !collaborator.isDisabled else {
            throw ValidationError(field: "email", "names no active user")
        }
        if collaborator.id == project.owner?.userID {
            throw ValidationError(field: "email", "is the project's owner")
        }
        if collaborator.role == .viewer {
            throw ValidationError(field: "email", "is a viewer, who cannot change projects")
        }
        try await store.addCollaborator(userID: collaborator.id, projectID: projectID)
        try await store.appendAudit(
            AuditRecord.make(
                action: .projectAddCollaborator,
                targetType: .project,
                targetID: projectID,
                actor: Actor(user),
                details: "user=\(collaborator.id)"
            )
        )
        return try await self.project(id: projectID)
    }

    /// Ends `userID`'s collaboration on the project (nothing happens when they had none).
    package func removeCollaborator(userID: String, projectID: String, by user: User) async throws -> Project {
        let project = try await self.project(id: projectID)
        guard project.collaborators.contains(where: { $0.userID == userID }) else {
            throw StoreError.notFound(entity: "collaborator", id: userID)
        }
        try await store.removeCollaborator(userID: userID, projectID: projectID)
        try await store.appendAudit(
            AuditRecord.make(
                action: .projectRemoveCollaborator,
                targetType: .project,
                targetID: projectID,
                actor: Actor(user),
                details: "user=\(userID)"
            )
        )
        return try await self.project(id: projectID)
    }
}
