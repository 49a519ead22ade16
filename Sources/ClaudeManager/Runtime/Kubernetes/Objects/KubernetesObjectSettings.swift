import Foundation

/// Cluster-wide settings for the objects of every project.
///
/// Keys (from the manager's configuration): `namespace` (`KUBERNETES_NAMESPACE`), `image` (`CLAUDE_DEV_IMAGE`),
/// `defaultWorkspaceSize` (`DEFAULT_WORKSPACE_SIZE`), `defaultConfigSize` (`DEFAULT_CONFIG_SIZE`),
/// `defaultStorageClass` (`DEFAULT_STORAGE_CLASS`), `jira` (`JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_KEY`, project
/// keys), `managerPodLabels` (`MANAGER_POD_LABELS`), `ingressControllerPodLabels` (`INGRESS_CONTROLLER_LABELS`),
/// `ingressControllerNamespace` (`INGRESS_CONTROLLER_NAMESPACE`), `egressDeniedCIDRs` (`PROJECT_EGRESS_DENY_CIDRS`),
/// plus `agentAPIPeerCIDRs`, `homeDirectory`, `limitFactor` and `permitsSudo`.
package struct KubernetesObjectSettings: Sendable, Equatable {
    package var namespace: String
    package var image: String
    /// Workspace size for projects whose storage names none.
    package var defaultWorkspaceSize: String = "10Gi"
    /// Size of the `config` volume (AgentAPI state, tool settings).
    package var defaultConfigSize: String = "1Gi"
    /// Storage class for projects that name none; `nil` leaves the cluster's default class.
    package var defaultStorageClass: String?
    /// Labels of the manager's own pods (in ``namespace``): the pods the NetworkPolicy lets reach every served port.
    /// Project pods never carry them all (see ``ProjectObjects/podLabelsCanSatisfy(_:)``).
    package var managerPodLabels: [String: String] = ["app.kubernetes.io/name": "claude-manager"]
    /// Extra sources that stand for the manager, e.g. the API server's addresses when the manager runs outside the
    /// cluster and talks to the pods through the service proxy; they reach the same ports as the manager's pods.
    package var agentAPIPeerCIDRs: [String] = []
    /// Labels of the ingress controller's pods, which may reach code-server and the agent bridge; `nil`: none.
    package var ingressControllerPodLabels: [String: String]?
    /// The ingress controller's namespace; `nil`: ``namespace``.
    package var ingressControllerNamespace: String?
    /// Destinations project pods may not reach: everything else outside the cluster DNS is open to them.
    package var egressDeniedCIDRs: [String] = Self.defaultEgressDeniedCIDRs
    /// Home of the image's user (uid 1000); the volumes mount below it.
    package var homeDirectory: String = "/home/coder"
    /// Limits are the requests times this factor.
    package var limitFactor: Decimal = 2
    /// Lets `sudo` work inside the container (privilege escalation plus the capabilities it needs); off by default
    /// so pods meet the `restricted` Pod Security Standard.
    package var permitsSudo: Bool = false
    /// Jira access handed to the agent, when configured.
    package var jira: JiraSettings?

    /// Private (RFC 1918), carrier-grade NAT and link-local ranges: the cluster's own pods and services and the
    /// cloud metadata address (169.254.169.254) stay out of reach.
    package static let defaultEgressDeniedCIDRs = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
    ]

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
