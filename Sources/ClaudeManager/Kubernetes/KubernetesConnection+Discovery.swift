import Foundation

/// Finding the cluster: the in-cluster service account or a kubeconfig (PROTOCOLS.md 3.1).
extension KubernetesConnection {
    /// Where the kubelet mounts the service account's `token`, `ca.crt` and `namespace`.
    package static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The in-cluster connection: `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT` with the service
    /// account's token file (re-read every minute), its `ca.crt` when present, and its namespace.
    package static func inCluster(
        environment: [String: String],
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws -> Self {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw KubernetesConfigurationError.inClusterIncomplete(missing: "KUBERNETES_SERVICE_HOST")
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw KubernetesConfigurationError.inClusterIncomplete(missing: "KUBERNETES_SERVICE_PORT")
        }
        let directory = URL(fileURLWithPath: serviceAccountDirectory)
        let tokenPath = directory.appendingPathComponent("token").path
        guard FileManager.default.fileExists(atPath: tokenPath) else {
            throw KubernetesConfigurationError.inClusterIncomplete(missing: tokenPath)
        }
        let authorityPath = directory.appendingPathComponent("ca.crt").path
        let authority =
            FileManager.default.fileExists(atPath: authorityPath) ? try Kubeconfig.readFile(authorityPath) : nil
        let namespacePath = directory.appendingPathComponent("namespace").path
        let namespace =
            FileManager.default.fileExists(atPath: namespacePath)
            ? String(decoding: try Kubeconfig.readFile(namespacePath), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            : nil
        let bracketedHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return Self(
            server: "https://\(bracketedHost):\(port)",
            credentials: .tokenFile(path: tokenPath),
            certificateAuthority: authority,
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 },
            source: "in-cluster service account"
        )
    }

    /// Whether in-cluster configuration is present: the service environment variables and the token file.
    package static func isInCluster(
        environment: [String: String],
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) -> Bool {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else { return false }
        let tokenPath = URL(fileURLWithPath: serviceAccountDirectory).appendingPathComponent("token").path
        return FileManager.default.fileExists(atPath: tokenPath)
    }

    /// Whether a cluster is configured, for `RUNTIME=auto`: in-cluster configuration, an explicit kubeconfig path,
    /// `KUBECONFIG`, or an existing `~/.kube/config`.
    package static func isClusterConfigured(
        kubeconfigPath: String?,
        environment: [String: String],
        homeDirectory: String,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) -> Bool {
        if isInCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory) { return true }
        if let kubeconfigPath, !kubeconfigPath.isEmpty { return true }
        if let list = environment["KUBECONFIG"], list.contains(where: { $0 != ":" }) { return true }
        let paths = Kubeconfig.paths(explicitPath: nil, environment: [:], homeDirectory: homeDirectory)
        return paths.contains { FileManager.default.fileExists(atPath: $0) }
    }

    /// The connection to use: an explicit kubeconfig path or `KUBECONFIG` first, then in-cluster configuration,
    /// then `~/.kube/config`.
    ///
    /// - Parameter context: the kubeconfig context (`KUBE_CONTEXT`); `nil` uses `current-context`.
    package static func discover(
        kubeconfigPath: String?,
        context: String?,
        environment: [String: String],
        homeDirectory: String,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws -> Self {
        let hasKubeconfigList = environment["KUBECONFIG"].map { $0.contains { $0 != ":" } } ?? false
        if (kubeconfigPath?.isEmpty == false) || hasKubeconfigList {
            let paths = Kubeconfig.paths(
                explicitPath: kubeconfigPath,
                environment: environment,
                homeDirectory: homeDirectory
            )
            return try Kubeconfig.load(paths: paths).connection(context: context)
        }
        if isInCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory) {
            return try inCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        }
        let paths = Kubeconfig.paths(explicitPath: nil, environment: [:], homeDirectory: homeDirectory)
        guard paths.contains(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw KubernetesConfigurationError.notConfigured
        }
        return try Kubeconfig.load(paths: paths).connection(context: context)
    }
}
