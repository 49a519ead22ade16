/// Why no connection to a Kubernetes API server could be configured.
package enum KubernetesConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No kubeconfig file exists at the given path (or at any path of `KUBECONFIG`).
    case fileMissing(path: String)
    /// A file exists but cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A kubeconfig file is not valid YAML of the expected shape.
    case invalidKubeconfig(path: String, reason: String)
    /// Neither an explicit context nor `current-context` names one.
    case noCurrentContext
    case contextNotFound(name: String, available: [String])
    case clusterNotFound(name: String, context: String)
    case userNotFound(name: String, context: String)
    /// The cluster has no usable `server` URL.
    case invalidServer(cluster: String, server: String)
    /// The user authenticates with a mechanism the manager does not run, e.g. `exec` or `auth-provider`.
    case unsupportedAuthentication(feature: String, user: String, context: String)
    /// A `…-data` field is not valid base64.
    case invalidBase64(field: String, entry: String)
    /// A certificate or key cannot be parsed.
    case invalidCertificate(field: String, entry: String, reason: String)
    /// In-cluster configuration lacks an environment variable or a service-account file.
    case inClusterIncomplete(missing: String)
    /// Neither a kubeconfig nor an in-cluster service account was found.
    case notConfigured

    package var description: String {
        switch self {
        case .fileMissing(let path):
            "kubeconfig file \(path) does not exist"
        case .unreadableFile(let path, let reason):
            "cannot read \(path): \(reason)"
        case .invalidKubeconfig(let path, let reason):
            "kubeconfig file \(path) is invalid: \(reason)"
        case .noCurrentContext:
            "the kubeconfig has no current-context and no context was given"
        case .contextNotFound(let name, let available):
            "context \"\(name)\" is not in the kubeconfig (contexts: \(available.joined(separator: ", ")))"
        case .clusterNotFound(let name, let context):
            "cluster \"\(name)\" of context \"\(context)\" is not in the kubeconfig"
        case .userNotFound(let name, let context):
            "user \"\(name)\" of context \"\(context)\" is not in the kubeconfig"
        case .invalidServer(let cluster, let server):
            "cluster \"\(cluster)\" has no valid server URL (\"\(server)\")"
        case .unsupportedAuthentication(let feature, let user, let context):
            "user \"\(user)\" of context \"\(context)\" authenticates with \(feature), which is not supported;"
                + " use a token, a token file or a client certificate"
        case .invalidBase64(let field, let entry):
            "\(field) of \(entry) is not valid base64"
        case .invalidCertificate(let field, let entry, let reason):
            "\(field) of \(entry) cannot be used: \(reason)"
        case .inClusterIncomplete(let missing):
            "in-cluster configuration is incomplete: \(missing) is missing"
        case .notConfigured:
            "no Kubernetes cluster is configured (no in-cluster service account, KUBECONFIG or ~/.kube/config)"
        }
    }
}
