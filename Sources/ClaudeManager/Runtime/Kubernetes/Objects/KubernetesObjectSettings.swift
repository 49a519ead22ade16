import Foundation

/// Cluster-wide settings for the objects of every project.
///
/// Keys (from the manager's configuration): `namespace` (`KUBERNETES_NAMESPACE`), `image` (`CLAUDE_DEV_IMAGE`),
/// `defaultWorkspaceSize` (`DEFAULT_WORKSPACE_SIZE`), `defaultConfigSize` (`DEFAULT_CONFIG_SIZE`),
/// `defaultStorageClass` (`DEFAULT_STORAGE_CLASS`), `jira` (`JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_KEY`, project
/// keys), plus `managerPodLabels`, `agentAPIPeerCIDRs`, `homeDirectory`, `limitFactor` and `permitsSudo`.
package struct KubernetesObjectSettings: Sendable, Equatable {
    package var namespace: String
    package var image: String
    /// Workspace size for projects whose storage names none.
    package var defaultWorkspaceSize: String = "10Gi"
    /// Size of the `config` volume (AgentAPI state, tool settings).
    package var defaultConfigSize: String = "1Gi"
    /// Storage class for projects that name none; `nil` leaves the cluster's default class.
    package var defaultStorageClass: String?
    /// Labels of the manager's own pods: the only pods the NetworkPolicy lets reach AgentAPI.
    package var managerPodLabels: [String: String] = ["app.kubernetes.io/name": "claude-manager"]
    /// Extra sources allowed to reach AgentAPI, e.g. the API server's addresses when the manager runs outside the
    /// cluster and talks to agents through the service proxy.
    package var agentAPIPeerCIDRs: [String] = []
    /// Home of the image's user (uid 1000); the volumes mount below it.
    package var homeDirectory: String = "/home/coder"
    /// Limits are the requests times this factor.
    package var limitFactor: Decimal = 2
    /// Lets `sudo` work inside the container (privilege escalation plus the capabilities it needs); off by default
    /// so pods meet the `restricted` Pod Security Standard.
    package var permitsSudo: Bool = false
    /// Jira access handed to the agent, when configured.
    package var jira: JiraSettings?

    package init(namespace: String, image: String) {
        self.namespace = namespace
        self.image = image
    }

    /// Jira Cloud access for the agent's tools; the API key goes to the Secret, the rest to the ConfigMap.
    package struct JiraSettings: Sendable, Equatable {
        package var baseURL: String
        package var email: String
        package var apiKey: String
        package var projectKeys: [String]

        package init(baseURL: String, email: String, apiKey: String, projectKeys: [String]) {
            self.baseURL = baseURL
            self.email = email
            self.apiKey = apiKey
            self.projectKeys = projectKeys
        }
    }
}
