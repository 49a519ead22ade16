/// What a caller asks for when creating a project, before validation.
package struct ProjectDraft: Sendable {
    package var name: String
    package var shortName: String?
    package var gitRepository: String
    package var gitCredentialID: String?
    package var secrets: [ProjectSecretName: String] = [:]
    package var cpu: String?
    package var memory: String?
    package var storageSize: String?
    package var storageClass: String?
    package var startsRunning = true
    /// Use the workspace a deleted project with the same (given) short name kept, instead of refusing the name.
    package var adoptsKeptWorkspace = false

    package init(name: String, gitRepository: String) {
        self.name = name
        self.gitRepository = gitRepository
    }
}

/// What a caller asks to change on a project; `nil` keeps the current value.
package struct ProjectChanges: Sendable {
    package var name: String?
    package var gitRepository: String?
    /// An empty string removes the credential.
    package var gitCredentialID: String?
    /// An empty string removes the secret.
    package var secrets: [ProjectSecretName: String] = [:]
    package var cpu: String?
    package var memory: String?
    package var storageSize: String?
    package var storageClass: String?

    package init() {}
}
