import Foundation

extension AuthService {
    package func listUsers() async throws -> [User] {
        try await store.listUsers()
    }

    /// The user with `id`; throws ``StoreError/notFound(entity:id:)`` when absent.
    package func user(id: String) async throws -> User {
        guard let user = try await store.user(id: id) else { throw StoreError.notFound(entity: "user", id: id) }
        return user
    }

    package func createUser(email: String, password: String, role: Role, by actor: Actor) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces)
        var issues = UserRules.issues(password: password, field: "password")
        if !UserRules.isPlausibleEmail(email) { issues.append(FieldIssue("email", "must be an email address")) }
        guard issues.isEmpty else { throw ValidationError(issues) }
        let now = Date()
        let user = User(
            id: UUID().uuidString.lowercased(),
            email: email.lowercased(),
            role: role,
            isDisabled: false,
            createdAt: now,
            updatedAt: now
        )
        try await store.insertUser(user, passwordHash: try await passwords.hash(password))
        try await auditUser(.userCreate, user, by: actor, details: "role=\(role.rawValue)")
        return user
    }

    /// Changes role, disabled flag or password; the last active admin cannot be demoted or disabled.
    ///
    /// A new password or disabling ends the user's sessions, except `actorSessionID` (the caller's own session, kept
    /// when admins reset their own password).
    package func updateUser(
        id: String,
        role: Role?,
        isDisabled: Bool?,
        password: String?,
        by actor: Actor,
        actorSessionID: String? = nil
    ) async throws
        -> User
    {
        var user = try await self.user(id: id)
        if let password {
            let issues = UserRules.issues(password: password, field: "password")
            guard issues.isEmpty else { throw ValidationError(issues) }
        }
        let losesAdmin =
            user.role == .admin && !user.isDisabled && ((role.map { $0 != .admin } ?? false) || isDisabled == true)
        if losesAdmin, try await store.countActiveAdmins() <= 1 {
            throw StoreError.conflict("the last active admin cannot be demoted or disabled")
        }
        var changed: [String] = []
        if let role, role != user.role {
            user.role = role
            changed.append("role=\(role.rawValue)")
        }
        if let isDisabled, isDisabled != user.isDisabled {
            user.isDisabled = isDisabled
            changed.append("disabled=\(isDisabled)")
        }
        user.updatedAt = Date()
        try await store.updateUser(user)
        if let password {
            try await store.updatePasswordHash(try await passwords.hash(password), userID: id)
            changed.append("password")
        }
        if isDisabled == true {
            try await endSessions(ofUser: id)
        } else if password != nil {
            try await endSessions(ofUser: id, except: actor.id == id ? actorSessionID : nil)
        }
        credentialCache.removeAll()
        try await auditUser(.userUpdate, user, by: actor, details: changed.joined(separator: ","))
        return user
    }

    package func deleteUser(id: String, by actor: Actor) async throws {
        let user = try await self.user(id: id)
        if user.id == actor.id { throw StoreError.conflict("you cannot delete yourself") }
        if user.role == .admin, !user.isDisabled, try await store.countActiveAdmins() <= 1 {
            throw StoreError.conflict("the last active admin cannot be deleted")
        }
        // Their projects go to the admin who deletes them; their collaborations end; their personal credentials
        // that no project uses are deleted (those in use stay, unusable, for an admin to replace).
        try await store.removeFromProjects(userID: id, newOwnerID: actor.id)
        for credential in try await store.listGitCredentials()
        where credential.ownerID == id && credential.scope == .personal {
            if try await store.countProjects(usingCredential: credential.id) == 0 {
                try await store.deleteGitCredential(id: credential.id)
            }
        }
        try await store.deleteUser(id: id)
        credentialCache.removeAll()
        try await auditUser(.userDelete, user, by: actor, details: user.email)
    }

    /// Changes the signed-in user's own password after checking the current one, and ends their other sessions.
    package func changePassword(
        of user: User,
        current: String,
        new: String,
        keepingSession sessionID: String?
    )
        async throws
    {
        guard let credentials = try await store.credentials(userID: user.id) else { throw AuthError.unauthenticated }
        guard !UserRules.containsControlCharacters(current),
            try await passwords.verify(current, hash: credentials.passwordHash)
        else {
            throw ValidationError(field: "currentPassword", "is not your current password")
        }
        let issues = UserRules.issues(password: new, field: "newPassword")
        guard issues.isEmpty else { throw ValidationError(issues) }
        try await store.updatePasswordHash(try await passwords.hash(new), userID: user.id)
        try await endSessions(ofUser: user.id, except: sessionID)
        try await auditUser(.userPassword, user, by: Actor(user))
    }

    private func auditUser(_ action: AuditAction, _ user: User, by actor: Actor, details: String? = nil) async throws {
        try await store.appendAudit(
            AuditRecord.make(action: action, targetType: .user, targetID: user.id, actor: actor, details: details)
        )
    }
}
