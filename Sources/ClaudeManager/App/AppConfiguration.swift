import Foundation
import Logging

/// Everything the manager is configured with, validated once at startup, grouped by area.
///
/// Keys (environment variables, also read from `.env`) shared by the areas: `environment` (`ENVIRONMENT` or
/// `NODE_ENV`), `dataDirectory` (`DATA_DIR`), `runtime` (`RUNTIME`), plus `processEnvironment` as `serve` read it.
/// Each area lists its own: `server` (``ServerSettings``), `store` (``StoreSettings``), `auth` (``AuthSettings``),
/// `projects` (``ProjectSettings``), `localRuntime` (``LocalRuntimeSettings``), `kubernetes`
/// (``KubernetesSettings``), `jira` (``JiraSettings``).
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
    package var dataDirectory = "./data"
    package var runtime: RuntimeChoice = .auto
    /// The process environment as `serve` read it once at start: what children inherit a few variables of, and where
    /// the Kubernetes client looks for in-cluster and kubeconfig settings. Nothing else reads the environment.
    package var processEnvironment: [String: String] = [:]
    package var server = ServerSettings()
    package var store = StoreSettings()
    package var auth = AuthSettings()
    package var projects = ProjectSettings()
    package var localRuntime = LocalRuntimeSettings()
    package var kubernetes = KubernetesSettings()
    package var jira = JiraSettings()

    /// The process environment with `KUBECONFIG` as configured (it may come from the .env file).
    package var kubernetesEnvironment: [String: String] {
        var environment = processEnvironment
        environment["KUBECONFIG"] = kubernetes.kubeconfigList
        return environment
    }

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
