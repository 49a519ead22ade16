import Foundation

/// Jira Cloud access handed to the agents of Kubernetes projects, when all of it is configured.
///
/// Keys: `baseURL` (`JIRA_BASE_URL`), `email` (`JIRA_EMAIL`), `apiKey` (`JIRA_API_KEY`), `projectKeys`
/// (`JIRA_PROJECT_KEYS`, comma-separated), `serviceUser` (`JIRA_SERVICE_USER`).
package struct JiraSettings: Sendable {
    package var baseURL: String?
    package var email: String?
    package var apiKey: Secret?
    package var projectKeys: [String] = []
    /// The email of the user who owns the projects created from Jira tickets.
    package var serviceUser: String?

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("JIRA_BASE_URL", "Jira Cloud site handed to project pods on Kubernetes, such as https://acme.atlassian.net"),
        ("JIRA_EMAIL", "email of the Jira account"),
        ("JIRA_API_KEY", "API token of the Jira account"),
        ("JIRA_PROJECT_KEYS", "Jira project keys, comma-separated"),
        ("JIRA_SERVICE_USER", "email of the member or admin who owns projects created from Jira tickets"),
    ]

    /// Reads and validates the Jira variables.
    static func load(from source: ConfigurationSource) throws -> JiraSettings {
        var settings = JiraSettings()
        if let baseURL = source.string("JIRA_BASE_URL") {
            guard let url = URL(string: baseURL), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigurationError("JIRA_BASE_URL", "must be an https:// URL such as https://acme.atlassian.net")
            }
            settings.baseURL = baseURL
        }
        settings.email = source.string("JIRA_EMAIL")
        if let serviceUser = source.string("JIRA_SERVICE_USER") {
            guard serviceUser.contains("@"), !serviceUser.contains(where: \.isWhitespace) else {
                throw ConfigurationError("JIRA_SERVICE_USER", "must be the email of a user (got '\(serviceUser)')")
            }
            settings.serviceUser = serviceUser
        }
        settings.apiKey = source.secret("JIRA_API_KEY")
        settings.projectKeys =
            source.string("JIRA_PROJECT_KEYS")?.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        return settings
    }

    /// The access the project objects carry: `nil` unless the base URL, email and API key are all set.
    var agentAccess: KubernetesObjectSettings.JiraSettings? {
        guard let baseURL, let email, let apiKey else { return nil }
        return KubernetesObjectSettings.JiraSettings(
            baseURL: baseURL,
            email: email,
            apiKey: apiKey.value,
            projectKeys: projectKeys
        )
    }
}
