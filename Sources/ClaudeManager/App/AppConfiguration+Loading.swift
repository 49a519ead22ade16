import Configuration
import Foundation
import Logging

extension AppConfiguration {
    /// Every variable `serve` reads, with what it means, for `--help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("ENVIRONMENT", "development (default), production or test; NODE_ENV is accepted too"),
        ("HOST", "address to listen on (default 0.0.0.0)"),
        ("PORT", "port for the API and UI (default 3000)"),
        ("DATA_DIR", "workspaces, keys and the SQLite file (default ./data)"),
        ("DATABASE_URL", "postgres://user:pass@host/db or a SQLite path (default DATA_DIR/claude-manager.sqlite)"),
        ("LOG_DIR", "JSON-lines log files combined.log and error.log (default ./logs)"),
        ("LOG_LEVEL", "trace, debug, info (default), notice, warning, error or critical"),
        ("PUBLIC_DIR", "folder to serve the web UI from (default: the copy bundled with the binary)"),
        ("FRONTEND_URL", "origin allowed by CORS (default: same origin only)"),
        ("JWT_SECRET", "HS256 signing secret, at least 32 characters (required in production)"),
        ("JWT_EXPIRY_HOURS", "session lifetime in hours, at most 720 (default 12)"),
        ("MASTER_KEY", "secret from which the at-rest encryption key is derived (required in production)"),
        ("ADMIN_EMAIL", "email of the first admin (default admin@localhost)"),
        ("ADMIN_PASSWORD", "password of the first admin (default: generated and printed once)"),
        ("BCRYPT_COST", "bcrypt work factor 4-31 (default 12)"),
        ("LOGIN_RATE_LIMIT", "login attempts per client address per minute (default 10)"),
        ("LOGIN_ACCOUNT_RATE_LIMIT", "login attempts per account (email) per minute, all addresses (default 10)"),
        ("TRUSTED_PROXIES", "comma-separated IPs/CIDRs of proxies whose X-Forwarded-For is believed (default none)"),
        ("HTTP_IDLE_TIMEOUT_SECONDS", "seconds a connection may idle or take to send a request head (default 30)"),
        ("HTTP_MAX_CONNECTIONS", "connections served at once; more wait to be accepted (default 4096)"),
        ("RUNTIME", "auto (default), local or kubernetes"),
        ("AGENT_COMMAND", "agent command with {port}, or 'simulator' (default: \(AgentCommand.defaultTemplate))"),
        ("AGENT_STOP_GRACE_SECONDS", "seconds between SIGTERM and SIGKILL when stopping an agent (default 10)"),
        ("AGENT_START_TIMEOUT_SECONDS", "seconds an agent may take to answer GET /status (default 60)"),
        ("DEFAULT_ANTHROPIC_API_KEY", "Anthropic key for projects that have none"),
        ("DEFAULT_WORKSPACE_SIZE", "workspace size for projects that name none (default 10Gi)"),
        ("DEFAULT_STORAGE_CLASS", "storage class for projects that name none"),
        ("LOCAL_SANDBOX", "on (default): local agents run confined by bubblewrap; off: unconfined, as the manager"),
        ("LOCAL_SANDBOX_UID", "non-root uid and gid of local agents inside their sandbox (default 1000)"),
        ("AGENT_SIMULATOR_PATH", "path of the agent-simulator executable (default: beside claude-manager)"),
        ("KUBECONFIG", "kubeconfig file(s), ':'-separated (or --kubeconfig); RUNTIME=auto picks Kubernetes with one"),
        ("KUBE_CONTEXT", "kubeconfig context to use (default: current-context)"),
        (
            "KUBERNETES_NAMESPACE",
            "namespace of the projects (default: the context's or service account's, else default)"
        ),
        ("CLAUDE_DEV_IMAGE", "image of the project pods (default \(AppConfiguration.defaultDevImage))"),
        ("DEFAULT_CONFIG_SIZE", "size of each project's config volume on Kubernetes (default 1Gi)"),
        (
            "MANAGER_POD_LABELS",
            "labels of the manager's pods, k=v,k=v, allowed to reach agents (default app.kubernetes.io/name=claude-manager)"
        ),
        (
            "LOCAL_REPOSITORY_ROOTS",
            "absolute folders, comma-separated, under which file:// repositories may be cloned (default: none)"
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

    /// Reads and validates the configuration; throws ``ConfigurationError`` naming the first bad variable.
    package static func load(from reader: ConfigReader) throws -> AppConfiguration {
        let source = Source(reader: reader)
        var configuration = AppConfiguration()
        let environmentText = source.string("ENVIRONMENT") ?? source.string("NODE_ENV")
        if let environmentText {
            guard let environment = Environment(rawValue: environmentText.lowercased()) else {
                throw ConfigurationError(
                    "ENVIRONMENT",
                    "must be development, production or test (got '\(environmentText)')"
                )
            }
            configuration.environment = environment
        }
        configuration.host = source.string("HOST") ?? configuration.host
        configuration.port = try source.integer("PORT", in: 0...65535) ?? configuration.port
        configuration.dataDirectory = source.string("DATA_DIR") ?? configuration.dataDirectory
        configuration.databaseURL =
            try source.databaseURL()
            ?? (configuration.dataDirectory as NSString).appendingPathComponent("claude-manager.sqlite")
        configuration.logDirectory = source.string("LOG_DIR") ?? configuration.logDirectory
        if let level = source.string("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError(
                    "LOG_LEVEL",
                    "must be one of trace, debug, info, notice, warning, error, critical (got '\(level)')"
                )
            }
            configuration.logLevel = parsed
        }
        configuration.publicDirectory = source.string("PUBLIC_DIR")
        if let frontend = source.string("FRONTEND_URL") {
            guard let url = URL(string: frontend), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError("FRONTEND_URL", "must be an http(s) origin such as https://cm.example.com")
            }
            configuration.frontendURL = frontend
        }
        configuration.jwtSecret = source.secret("JWT_SECRET")
        if let secret = configuration.jwtSecret, secret.value.count < 32 {
            throw ConfigurationError("JWT_SECRET", "must be at least 32 characters")
        }
        configuration.jwtExpiryHours =
            try source.integer("JWT_EXPIRY_HOURS", in: 1...maximumJWTExpiryHours) ?? configuration.jwtExpiryHours
        configuration.masterKey = source.secret("MASTER_KEY")
        if let key = configuration.masterKey, key.value.count < 16 {
            throw ConfigurationError("MASTER_KEY", "must be at least 16 characters")
        }
        if let email = source.string("ADMIN_EMAIL") {
            guard UserRules.isPlausibleEmail(email) else {
                throw ConfigurationError("ADMIN_EMAIL", "must be an email address (got '\(email)')")
            }
            configuration.adminEmail = email
        }
        configuration.adminPassword = source.secret("ADMIN_PASSWORD")
        if let password = configuration.adminPassword,
            let issue = UserRules.issues(password: password.value, field: "ADMIN_PASSWORD").first
        {
            throw ConfigurationError("ADMIN_PASSWORD", issue.message)
        }
        configuration.bcryptCost = try source.integer("BCRYPT_COST", in: 4...31) ?? configuration.bcryptCost
        configuration.loginRateLimit =
            try source.integer("LOGIN_RATE_LIMIT", in: 1...100_000) ?? configuration.loginRateLimit
        configuration.loginAccountRateLimit =
            try source.integer("LOGIN_ACCOUNT_RATE_LIMIT", in: 1...100_000) ?? configuration.loginAccountRateLimit
        if let proxies = source.string("TRUSTED_PROXIES") {
            switch TrustedProxies.parse(proxies) {
            case .success(let parsed): configuration.trustedProxies = parsed
            case .failure(let invalid):
                throw ConfigurationError(
                    "TRUSTED_PROXIES",
                    "must be IP addresses or CIDR blocks separated by commas (got '\(invalid.text)')"
                )
            }
        }
        configuration.httpIdleTimeoutSeconds =
            try source.integer("HTTP_IDLE_TIMEOUT_SECONDS", in: 1...3600) ?? configuration.httpIdleTimeoutSeconds
        configuration.httpMaxConnections =
            try source.integer("HTTP_MAX_CONNECTIONS", in: 1...1_000_000) ?? configuration.httpMaxConnections
        if let runtime = source.string("RUNTIME") {
            guard let choice = RuntimeChoice(rawValue: runtime.lowercased()) else {
                throw ConfigurationError("RUNTIME", "must be auto, local or kubernetes (got '\(runtime)')")
            }
            configuration.runtime = choice
        }
        if let command = source.string("AGENT_COMMAND") {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError("AGENT_COMMAND", "must not be empty")
            }
            configuration.agentCommand = command
        }
        configuration.agentStopGraceSeconds =
            try source.integer("AGENT_STOP_GRACE_SECONDS", in: 0...600) ?? configuration.agentStopGraceSeconds
        configuration.agentStartTimeoutSeconds =
            try source.integer("AGENT_START_TIMEOUT_SECONDS", in: 1...3600) ?? configuration.agentStartTimeoutSeconds
        if let sandbox = source.string("LOCAL_SANDBOX") {
            switch sandbox.lowercased() {
            case "on": configuration.isLocalSandboxEnabled = true
            case "off": configuration.isLocalSandboxEnabled = false
            default: throw ConfigurationError("LOCAL_SANDBOX", "must be on or off (got '\(sandbox)')")
            }
        }
        if let uid = try source.integer("LOCAL_SANDBOX_UID", in: 1...65533) {
            configuration.localSandboxUID = UInt32(uid)
        }
        configuration.defaultAnthropicAPIKey = source.secret("DEFAULT_ANTHROPIC_API_KEY")
        if let size = source.string("DEFAULT_WORKSPACE_SIZE") {
            guard Quantity(size)?.isPositive == true else {
                throw ConfigurationError("DEFAULT_WORKSPACE_SIZE", "must be a quantity such as 10Gi (got '\(size)')")
            }
            configuration.defaultWorkspaceSize = size
        }
        configuration.defaultStorageClass = source.string("DEFAULT_STORAGE_CLASS")
        if let size = source.string("DEFAULT_CONFIG_SIZE") {
            guard Quantity(size)?.isPositive == true else {
                throw ConfigurationError("DEFAULT_CONFIG_SIZE", "must be a quantity such as 1Gi (got '\(size)')")
            }
            configuration.defaultConfigSize = size
        }
        configuration.kubeconfigList = source.string("KUBECONFIG")
        configuration.kubeContext = source.string("KUBE_CONTEXT")
        configuration.kubernetesNamespace = try source.namespace("KUBERNETES_NAMESPACE")
        configuration.devImage = source.string("CLAUDE_DEV_IMAGE") ?? configuration.devImage
        if let baseURL = source.string("JIRA_BASE_URL") {
            guard let url = URL(string: baseURL), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigurationError("JIRA_BASE_URL", "must be an https:// URL such as https://acme.atlassian.net")
            }
            configuration.jiraBaseURL = baseURL
        }
        configuration.jiraEmail = source.string("JIRA_EMAIL")
        configuration.jiraAPIKey = source.secret("JIRA_API_KEY")
        configuration.jiraProjectKeys =
            source.string("JIRA_PROJECT_KEYS")?.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        configuration.managerPodLabels = try source.labels("MANAGER_POD_LABELS") ?? configuration.managerPodLabels
        if ProjectObjects.podLabelsCanSatisfy(configuration.managerPodLabels) {
            throw ConfigurationError(
                "MANAGER_POD_LABELS",
                "must include a label project pods never carry, such as app.kubernetes.io/name=claude-manager "
                    + "(project pods carry app.kubernetes.io/name=claude-dev-env, app.kubernetes.io/managed-by="
                    + "claude-manager, app.kubernetes.io/instance and claude-manager.io/project-id)"
            )
        }
        configuration.ingressControllerLabels = try source.labels("INGRESS_CONTROLLER_LABELS")
        configuration.ingressControllerNamespace = try source.namespace("INGRESS_CONTROLLER_NAMESPACE")
        if let labels = configuration.ingressControllerLabels,
            (configuration.ingressControllerNamespace ?? configuration.kubernetesNamespace)
                == configuration.kubernetesNamespace,
            ProjectObjects.podLabelsCanSatisfy(labels)
        {
            throw ConfigurationError(
                "INGRESS_CONTROLLER_LABELS",
                "must include a label project pods never carry when the controller shares their namespace"
            )
        }
        configuration.projectEgressDenyCIDRs =
            try source.ipv4Ranges("PROJECT_EGRESS_DENY_CIDRS") ?? configuration.projectEgressDenyCIDRs
        configuration.simulatorPath = source.string("AGENT_SIMULATOR_PATH")
        if let roots = source.string("LOCAL_REPOSITORY_ROOTS") {
            configuration.localRepositoryRoots = roots.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let relative = configuration.localRepositoryRoots.first(where: { !$0.hasPrefix("/") }) {
                throw ConfigurationError("LOCAL_REPOSITORY_ROOTS", "must list absolute folders (got '\(relative)')")
            }
        }
        if configuration.environment == .production {
            if configuration.jwtSecret == nil { throw ConfigurationError("JWT_SECRET", "is required in production") }
            if configuration.masterKey == nil { throw ConfigurationError("MASTER_KEY", "is required in production") }
        }
        return configuration
    }

    /// Reads raw strings by environment-variable name; empty values count as unset.
    private struct Source {
        let reader: ConfigReader

        private func key(_ name: String) -> ConfigKey {
            ConfigKey(name.lowercased().split(separator: "_").map(String.init))
        }

        func string(_ name: String) -> String? {
            guard let value = reader.string(forKey: key(name)), !value.isEmpty else { return nil }
            return value
        }

        func secret(_ name: String) -> Secret? {
            guard let value = reader.string(forKey: key(name), isSecret: true), !value.isEmpty else { return nil }
            return Secret(value)
        }

        func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let text = string(name) else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw ConfigurationError(
                    name,
                    "must be an integer from \(range.lowerBound) to \(range.upperBound) (got '\(text)')"
                )
            }
            return value
        }

        /// `k=v,k=v` as labels; at least one pair.
        func labels(_ name: String) throws -> [String: String]? {
            guard let text = string(name) else { return nil }
            var labels: [String: String] = [:]
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ConfigurationError(name, "must be key=value pairs separated by commas")
                }
                labels[parts[0]] = parts[1]
            }
            guard !labels.isEmpty else { throw ConfigurationError(name, "must name at least one label") }
            return labels
        }

        /// A Kubernetes namespace name (a DNS-1123 label).
        func namespace(_ name: String) throws -> String? {
            guard let namespace = string(name) else { return nil }
            guard ProjectRules.isDNSLabel(namespace, maxLength: 63) else {
                throw ConfigurationError(
                    name,
                    "must be a DNS-1123 label (lowercase letters, digits, '-'; got '\(namespace)')"
                )
            }
            return namespace
        }

        /// Comma-separated IPv4 CIDRs with a prefix of 1 to 32 bits, or `none` for an empty list.
        func ipv4Ranges(_ name: String) throws -> [String]? {
            guard let text = string(name) else { return nil }
            if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return [] }
            let ranges = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for range in ranges {
                let parts = range.split(separator: "/", omittingEmptySubsequences: false)
                let octets = parts.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
                guard parts.count == 2, let prefix = Int(parts[1]), (1...32).contains(prefix), octets.count == 4,
                    octets.allSatisfy({ Int($0).map { (0...255).contains($0) } == true && $0.count <= 3 })
                else {
                    throw ConfigurationError(
                        name,
                        "must be IPv4 ranges such as 10.0.0.0/8,169.254.0.0/16, or none (got '\(range)')"
                    )
                }
            }
            return ranges
        }

        func databaseURL() throws -> String? {
            guard let url = reader.string(forKey: key("DATABASE_URL"), isSecret: true), !url.isEmpty else { return nil }
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                guard let components = URLComponents(string: url), components.host?.isEmpty == false else {
                    throw ConfigurationError("DATABASE_URL", "must be postgres://user:password@host:port/database")
                }
                return url
            }
            if url.hasPrefix("sqlite://") { return url }
            if url.contains("://") {
                let scheme = url.components(separatedBy: "://").first ?? ""
                throw ConfigurationError(
                    "DATABASE_URL",
                    "has unsupported scheme '\(scheme)': use postgres://… or a SQLite file path"
                )
            }
            return url
        }
    }
}
