import Foundation
import Logging

/// Everything the manager is configured with, validated once at startup.
///
/// Keys (environment variables, also read from `.env`): `ENVIRONMENT` (or `NODE_ENV`), `HOST`, `PORT`,
/// `DATA_DIR`, `DATABASE_URL`, `LOG_DIR`, `LOG_LEVEL`, `PUBLIC_DIR`, `FRONTEND_URL`, `JWT_SECRET`,
/// `JWT_EXPIRY_HOURS`, `MASTER_KEY`, `ADMIN_EMAIL`, `ADMIN_PASSWORD`, `BCRYPT_COST`, `LOGIN_RATE_LIMIT`,
/// `LOGIN_ACCOUNT_RATE_LIMIT`, `TRUSTED_PROXIES`, `HTTP_IDLE_TIMEOUT_SECONDS`, `HTTP_MAX_CONNECTIONS`,
/// `RUNTIME`, `AGENT_COMMAND`, `AGENT_STOP_GRACE_SECONDS`, `AGENT_START_TIMEOUT_SECONDS`,
/// `DEFAULT_ANTHROPIC_API_KEY`, `DEFAULT_WORKSPACE_SIZE`, `DEFAULT_STORAGE_CLASS`, `MANAGER_POD_LABELS`,
/// `INGRESS_CONTROLLER_LABELS`, `INGRESS_CONTROLLER_NAMESPACE`, `PROJECT_EGRESS_DENY_CIDRS`, `LOCAL_SANDBOX`,
/// `LOCAL_SANDBOX_UID`, `LOCAL_REPOSITORY_ROOTS`.
package struct AppConfiguration: Sendable {
    /// How strict the manager is about missing secrets.
    package enum Environment: String, Sendable, CaseIterable {
        case development
        case production
        case test
    }

    /// Which runtime runs the projects.
    package enum RuntimeChoice: String, Sendable, CaseIterable {
        case auto
        case local
        case kubernetes
    }

    package var environment: Environment = .development
    package var host = "0.0.0.0"
    package var port = 3000
    package var dataDirectory = "./data"
    package var databaseURL = "./data/claude-manager.sqlite"
    package var logDirectory = "./logs"
    package var logLevel: Logger.Level = .info
    /// `PUBLIC_DIR`: a folder to serve the web UI from instead of the one bundled with the binary.
    package var publicDirectory: String?
    package var frontendURL: String?
    package var jwtSecret: Secret?
    /// Session lifetime in hours, at most ``maximumJWTExpiryHours``.
    package var jwtExpiryHours = 12
    package static let maximumJWTExpiryHours = 720
    package var masterKey: Secret?
    package var adminEmail = "admin@localhost"
    package var adminPassword: Secret?
    package var bcryptCost = 12
    /// Login attempts allowed per client address per minute.
    package var loginRateLimit = 10
    /// Login attempts allowed per account (email) per minute, from all addresses together.
    package var loginAccountRateLimit = 10
    /// Proxies whose `X-Forwarded-For` names the client; none by default.
    package var trustedProxies = TrustedProxies()
    /// Seconds a connection may sit idle, or take to send a request's head, before the server closes it.
    package var httpIdleTimeoutSeconds = 30
    /// Connections served at once; further ones wait in the listen backlog.
    package var httpMaxConnections = 4096
    package var runtime: RuntimeChoice = .auto
    package var agentCommand = AgentCommand.defaultTemplate
    package var agentStopGraceSeconds = 10
    package var agentStartTimeoutSeconds = 60
    /// `LOCAL_SANDBOX`: local agents run under bubblewrap (on) or unconfined as the manager's user (off).
    package var isLocalSandboxEnabled = true
    /// `LOCAL_SANDBOX_UID`: the non-root uid and gid local agents have inside their sandbox.
    package var localSandboxUID: UInt32 = 1000
    /// The bubblewrap executable (not configurable from the environment; tests point it elsewhere).
    package var localSandboxExecutable = "bwrap"
    package var defaultAnthropicAPIKey: Secret?
    package var defaultWorkspaceSize = "10Gi"
    package var defaultStorageClass: String?
    package var defaultConfigSize = "1Gi"
    /// An explicit kubeconfig path (`serve --kubeconfig`), which wins over `kubeconfigList`.
    package var kubeconfigPath: String?
    /// `KUBECONFIG`: kubeconfig files separated by ':', merged as kubectl merges them.
    package var kubeconfigList: String?
    package var kubeContext: String?
    /// `nil`: the kubeconfig context's namespace, the service account's, else `default`.
    package var kubernetesNamespace: String?
    package var devImage = AppConfiguration.defaultDevImage
    package var jiraBaseURL: String?
    package var jiraEmail: String?
    package var jiraAPIKey: Secret?
    package var jiraProjectKeys: [String] = []
    package var managerPodLabels = ["app.kubernetes.io/name": "claude-manager"]
    /// Folders under which `file://` repositories may be cloned (`LOCAL_REPOSITORY_ROOTS`); none by default.
    package var localRepositoryRoots: [String] = []
    /// `INGRESS_CONTROLLER_LABELS`: pods allowed to reach code-server and the agent bridge besides the manager's.
    package var ingressControllerLabels: [String: String]?
    /// `INGRESS_CONTROLLER_NAMESPACE`: where those pods run; `nil` is the projects' namespace.
    package var ingressControllerNamespace: String?
    /// `PROJECT_EGRESS_DENY_CIDRS`: IPv4 ranges project pods may not reach.
    package var projectEgressDenyCIDRs = KubernetesObjectSettings.defaultEgressDeniedCIDRs
    /// The process environment as `serve` read it once at start: what children inherit a few variables of, and where
    /// the Kubernetes client looks for in-cluster and kubeconfig settings. Nothing else reads the environment.
    package var processEnvironment: [String: String] = [:]
    /// The process environment with `KUBECONFIG` as configured (it may come from the .env file).
    package var kubernetesEnvironment: [String: String] {
        var environment = processEnvironment
        environment["KUBECONFIG"] = kubeconfigList
        return environment
    }

    package static let defaultDevImage = "ghcr.io/claude-manager/claude-dev-env:latest"
    /// Where the `agent-simulator` executable is; by default beside the manager's own executable.
    package var simulatorPath: String?

    package init() {}
}

/// A secret configuration value that never prints itself.
package struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    package let value: String

    package init(_ value: String) {
        self.value = value
    }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
}

/// A configuration value that cannot be used; startup stops with one line naming the variable.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package var variable: String
    package var message: String

    package init(_ variable: String, _ message: String) {
        self.variable = variable
        self.message = message
    }

    package var description: String { "invalid configuration: \(variable) \(message)" }
}
