import Foundation

/// Defaults for new projects and where their repositories may come from, whichever runtime runs them.
///
/// Keys: `defaultAnthropicAPIKey` (`DEFAULT_ANTHROPIC_API_KEY`), `defaultWorkspaceSize` (`DEFAULT_WORKSPACE_SIZE`),
/// `defaultStorageClass` (`DEFAULT_STORAGE_CLASS`), `localRepositoryRoots` (`LOCAL_REPOSITORY_ROOTS`).
package struct ProjectSettings: Sendable {
    package var defaultAnthropicAPIKey: Secret?
    package var defaultWorkspaceSize = "10Gi"
    package var defaultStorageClass: String?
    /// Folders under which `file://` repositories may be cloned (`LOCAL_REPOSITORY_ROOTS`); none by default.
    package var localRepositoryRoots: [String] = []

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("DEFAULT_ANTHROPIC_API_KEY", "Anthropic key for projects that have none"),
        ("DEFAULT_WORKSPACE_SIZE", "workspace size for projects that name none (default 10Gi)"),
        ("DEFAULT_STORAGE_CLASS", "storage class for projects that name none"),
        (
            "LOCAL_REPOSITORY_ROOTS",
            "absolute folders, comma-separated, under which file:// repositories may be cloned (default: none)"
        ),
    ]

    /// Reads and validates the project defaults and repository roots.
    static func load(from source: ConfigurationSource) throws -> ProjectSettings {
        var settings = ProjectSettings()
        settings.defaultAnthropicAPIKey = source.secret("DEFAULT_ANTHROPIC_API_KEY")
        if let size = source.string("DEFAULT_WORKSPACE_SIZE") {
            guard Quantity(size)?.isPositive == true else {
                throw ConfigurationError("DEFAULT_WORKSPACE_SIZE", "must be a quantity such as 10Gi (got '\(size)')")
            }
            settings.defaultWorkspaceSize = size
        }
        settings.defaultStorageClass = source.string("DEFAULT_STORAGE_CLASS")
        if let roots = source.string("LOCAL_REPOSITORY_ROOTS") {
            settings.localRepositoryRoots = roots.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let relative = settings.localRepositoryRoots.first(where: { !$0.hasPrefix("/") }) {
                throw ConfigurationError("LOCAL_REPOSITORY_ROOTS", "must list absolute folders (got '\(relative)')")
            }
        }
        return settings
    }
}
