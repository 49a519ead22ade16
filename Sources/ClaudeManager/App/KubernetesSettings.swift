import Foundation

/// Which cluster runs the projects, and how their objects look and are isolated there.
///
/// Keys: `kubeconfigPath` (`serve --kubeconfig`), `kubeconfigList` (`KUBECONFIG`), `context` (`KUBE_CONTEXT`),
/// `namespace` (`KUBERNETES_NAMESPACE`), `devImage` (`CLAUDE_DEV_IMAGE`), `defaultConfigSize` (`DEFAULT_CONFIG_SIZE`),
/// `managerPodLabels` (`MANAGER_POD_LABELS`), `ingressControllerLabels` (`INGRESS_CONTROLLER_LABELS`),
/// `ingressControllerNamespace` (`INGRESS_CONTROLLER_NAMESPACE`), `projectEgressDenyCIDRs`
/// (`PROJECT_EGRESS_DENY_CIDRS`). They become a ``KubernetesObjectSettings`` once the namespace is known.
package struct KubernetesSettings: Sendable {
    /// An explicit kubeconfig path (`serve --kubeconfig`), which wins over `kubeconfigList`.
    package var kubeconfigPath: String?
    /// `KUBECONFIG`: kubeconfig files separated by ':', merged as kubectl merges them.
    package var kubeconfigList: String?
    package var context: String?
    /// `nil`: the kubeconfig context's namespace, the service account's, else `default`.
    package var namespace: String?
    package var devImage = KubernetesSettings.defaultDevImage
    package var defaultConfigSize = "1Gi"
    package var managerPodLabels = ["app.kubernetes.io/name": "claude-manager"]
    /// `INGRESS_CONTROLLER_LABELS`: pods allowed to reach code-server and the agent bridge besides the manager's.
    package var ingressControllerLabels: [String: String]?
    /// `INGRESS_CONTROLLER_NAMESPACE`: where those pods run; `nil` is the projects' namespace.
    package var ingressControllerNamespace: String?
    /// `PROJECT_EGRESS_DENY_CIDRS`: IPv4 ranges project pods may not reach.
    package var projectEgressDenyCIDRs = KubernetesObjectSettings.defaultEgressDeniedCIDRs

    package static let defaultDevImage = "ghcr.io/claude-manager/claude-dev-env:latest"

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("KUBECONFIG", "kubeconfig file(s), ':'-separated (or --kubeconfig); RUNTIME=auto picks Kubernetes with one"),
        ("KUBE_CONTEXT", "kubeconfig context to use (default: current-context)"),
        (
            "KUBERNETES_NAMESPACE",
            "namespace of the projects (default: the context's or service account's, else default)"
        ),
        ("CLAUDE_DEV_IMAGE", "image of the project pods (default \(KubernetesSettings.defaultDevImage))"),
        ("DEFAULT_CONFIG_SIZE", "size of each project's config volume on Kubernetes (default 1Gi)"),
        (
            "MANAGER_POD_LABELS",
            "labels of the manager's pods, k=v,k=v, allowed to reach agents (default app.kubernetes.io/name=claude-manager)"
        ),
        (
            "INGRESS_CONTROLLER_LABELS",
            "labels of the ingress controller's pods, k=v,k=v, allowed to reach code-server and agents (default: none)"
        ),
        ("INGRESS_CONTROLLER_NAMESPACE", "namespace of the ingress controller (default: the projects' namespace)"),
        (
            "PROJECT_EGRESS_DENY_CIDRS",
            "IPv4 ranges project pods may not reach, comma-separated, or none (default: private, CGNAT, link-local)"
        ),
    ]

    /// Reads and validates the cluster variables; the pod labels must tell the manager's and the ingress
    /// controller's pods from project pods that share their namespace.
    static func load(from source: ConfigurationSource) throws -> KubernetesSettings {
        var settings = KubernetesSettings()
        if let size = source.string("DEFAULT_CONFIG_SIZE") {
            guard Quantity(size)?.isPositive == true else {
                throw ConfigurationError("DEFAULT_CONFIG_SIZE", "must be a quantity such as 1Gi (got '\(size)')")
            }
            settings.defaultConfigSize = size
        }
        settings.kubeconfigList = source.string("KUBECONFIG")
        settings.context = source.string("KUBE_CONTEXT")
        settings.namespace = try source.namespace("KUBERNETES_NAMESPACE")
        settings.devImage = source.string("CLAUDE_DEV_IMAGE") ?? settings.devImage
        settings.managerPodLabels = try source.labels("MANAGER_POD_LABELS") ?? settings.managerPodLabels
        if ProjectObjects.podLabelsCanSatisfy(settings.managerPodLabels) {
            throw ConfigurationError(
                "MANAGER_POD_LABELS",
                "must include a label project pods never carry, such as app.kubernetes.io/name=claude-manager "
                    + "(project pods carry app.kubernetes.io/name=claude-dev-env, app.kubernetes.io/managed-by="
                    + "claude-manager, app.kubernetes.io/instance and claude-manager.io/project-id)"
            )
        }
        settings.ingressControllerLabels = try source.labels("INGRESS_CONTROLLER_LABELS")
        settings.ingressControllerNamespace = try source.namespace("INGRESS_CONTROLLER_NAMESPACE")
        if let labels = settings.ingressControllerLabels,
            (settings.ingressControllerNamespace ?? settings.namespace) == settings.namespace,
            ProjectObjects.podLabelsCanSatisfy(labels)
        {
            throw ConfigurationError(
                "INGRESS_CONTROLLER_LABELS",
                "must include a label project pods never carry when the controller shares their namespace"
            )
        }
        settings.projectEgressDenyCIDRs =
            try source.ipv4Ranges("PROJECT_EGRESS_DENY_CIDRS") ?? settings.projectEgressDenyCIDRs
        return settings
    }
}
