import ClaudeManagerAPI
import Foundation

extension Components.Schemas.User {
    init(_ user: User) {
        self.init(
            id: user.id,
            email: user.email,
            role: Components.Schemas.Role(user.role),
            disabled: user.isDisabled,
            createdAt: user.createdAt,
            updatedAt: user.updatedAt
        )
    }
}

extension Components.Schemas.Role {
    init(_ role: Role) {
        switch role {
        case .admin: self = .admin
        case .member: self = .member
        case .viewer: self = .viewer
        }
    }
}

extension Role {
    init(_ role: Components.Schemas.Role) {
        switch role {
        case .admin: self = .admin
        case .member: self = .member
        case .viewer: self = .viewer
        }
    }
}

extension Components.Schemas.APIToken {
    init(_ token: APIToken) {
        self.init(
            id: token.id,
            name: token.name,
            prefix: token.prefix,
            userId: token.userID,
            createdAt: token.createdAt,
            expiresAt: token.expiresAt,
            lastUsedAt: token.lastUsedAt
        )
    }
}

extension Components.Schemas.ProjectStatus {
    init(_ status: ProjectStatus) {
        switch status {
        case .creating: self = .creating
        case .starting: self = .starting
        case .running: self = .running
        case .stopping: self = .stopping
        case .stopped: self = .stopped
        case .error: self = .error
        case .deleting: self = .deleting
        }
    }
}

extension ProjectStatus {
    init(_ status: Components.Schemas.ProjectStatus) {
        switch status {
        case .creating: self = .creating
        case .starting: self = .starting
        case .running: self = .running
        case .stopping: self = .stopping
        case .stopped: self = .stopped
        case .error: self = .error
        case .deleting: self = .deleting
        }
    }
}

extension Components.Schemas.Project {
    init(_ project: Project, runtime: RuntimeKind) {
        self.init(
            id: project.id,
            name: project.name,
            shortName: project.shortName,
            gitRepository: project.gitRepository,
            gitCredentialId: project.gitCredentialID,
            resources: .init(cpu: project.resources.cpu, memory: project.resources.memory),
            storage: .init(size: project.storage.size, storageClass: project.storage.storageClass),
            desiredState: project.desiredState == .running ? .running : .stopped,
            status: Components.Schemas.ProjectStatus(project.status),
            statusReason: project.statusReason,
            runtime: runtime == .local ? .local : .kubernetes,
            agentUrl: project.agentURL,
            hasAnthropicApiKey: project.secretNames.contains(.anthropicAPIKey),
            hasCodeServerPassword: project.secretNames.contains(.codeServerPassword),
            hasSudoPassword: project.secretNames.contains(.sudoPassword),
            createdAt: project.createdAt,
            updatedAt: project.updatedAt,
            statusChangedAt: project.statusChangedAt,
            owner: project.owner.map { .init(userId: $0.userID, email: $0.email) },
            collaborators: project.collaborators.map { .init(userId: $0.userID, email: $0.email) }
        )
    }
}

extension ProjectDraft {
    init(_ request: Components.Schemas.CreateProjectRequest) {
        self.init(name: request.name, gitRepository: request.gitRepository)
        shortName = request.shortName
        gitCredentialID = request.gitCredentialId.flatMap { $0.isEmpty ? nil : $0 }
        secrets = ProjectSecretName.secrets(
            anthropicAPIKey: request.anthropicApiKey,
            codeServerPassword: request.codeServerPassword,
            sudoPassword: request.sudoPassword
        )
        .filter { !$0.value.isEmpty }
        cpu = request.resources?.cpu
        memory = request.resources?.memory
        storageSize = request.storage?.size
        storageClass = request.storage?.storageClass.flatMap { $0.isEmpty ? nil : $0 }
        startsRunning = request.start ?? true
        adoptsKeptWorkspace = request.adoptWorkspace ?? false
    }
}

extension ProjectChanges {
    init(_ request: Components.Schemas.UpdateProjectRequest) {
        self.init()
        name = request.name
        gitRepository = request.gitRepository
        gitCredentialID = request.gitCredentialId
        secrets = ProjectSecretName.secrets(
            anthropicAPIKey: request.anthropicApiKey,
            codeServerPassword: request.codeServerPassword,
            sudoPassword: request.sudoPassword
        )
        cpu = request.resources?.cpu
        memory = request.resources?.memory
        storageSize = request.storage?.size
        storageClass = request.storage?.storageClass
    }
}

extension ProjectSecretName {
    static func secrets(
        anthropicAPIKey: String?,
        codeServerPassword: String?,
        sudoPassword: String?
    )
        -> [ProjectSecretName: String]
    {
        var secrets: [ProjectSecretName: String] = [:]
        secrets[.anthropicAPIKey] = anthropicAPIKey
        secrets[.codeServerPassword] = codeServerPassword
        secrets[.sudoPassword] = sudoPassword
        return secrets
    }
}

extension Components.Schemas.GitCredential {
    init(_ credential: GitCredential) {
        self.init(
            id: credential.id,
            name: credential.name,
            _type: Components.Schemas.GitCredentialType(rawValue: credential.kind.rawValue)
                ?? Components.Schemas.GitCredentialType.none,
            provider: Components.Schemas.GitProvider(rawValue: credential.provider.rawValue) ?? .other,
            username: credential.username,
            createdAt: credential.createdAt,
            scope: credential.scope == .shared ? .shared : .personal,
            ownerId: credential.ownerID,
            hosts: credential.hosts.map(\.description)
        )
    }
}

extension Components.Schemas.AuditRecord {
    init(_ record: AuditRecord) {
        self.init(
            id: record.id,
            actorId: record.actorID,
            actorEmail: record.actorEmail,
            action: record.action,
            targetType: record.targetType,
            targetId: record.targetID,
            details: record.details,
            createdAt: record.createdAt
        )
    }
}

extension Components.Schemas.ComponentHealth {
    init(_ health: ComponentHealth) {
        self.init(status: .init(health.status), message: health.message)
    }
}

extension Components.Schemas.ComponentHealth.StatusPayload {
    init(_ status: ComponentHealth.Status) {
        switch status {
        case .ok: self = .ok
        case .degraded: self = .degraded
        case .down: self = .down
        }
    }
}

extension Components.Schemas.ProjectEvent {
    init(_ event: WorkloadEvent) {
        self.init(
            _type: event.type,
            reason: event.reason,
            message: event.message,
            object: event.object,
            count: event.count,
            firstSeen: event.firstSeen,
            lastSeen: event.lastSeen
        )
    }
}
