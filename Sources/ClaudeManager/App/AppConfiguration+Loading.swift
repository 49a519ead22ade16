import Configuration
import Foundation

extension AppConfiguration {
    /// Every variable `serve` reads, with what it means, for `--help`: the shared ones, then each area's.
    package static let documentedVariables: [(name: String, meaning: String)] =
        [
            ("ENVIRONMENT", "development (default), production or test; NODE_ENV is accepted too"),
            ("DATA_DIR", "workspaces, keys and the SQLite file (default ./data)"),
            ("RUNTIME", "auto (default), local or kubernetes"),
        ]
        + ServerSettings.documentedVariables
        + StoreSettings.documentedVariables
        + AuthSettings.documentedVariables
        + ProjectSettings.documentedVariables
        + LocalRuntimeSettings.documentedVariables
        + KubernetesSettings.documentedVariables
        + JiraSettings.documentedVariables

    /// Reads and validates the configuration; throws ``ConfigurationError`` naming the first bad variable.
    package static func load(from reader: ConfigReader) throws -> AppConfiguration {
        let source = ConfigurationSource(reader: reader)
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
        configuration.dataDirectory = source.string("DATA_DIR") ?? configuration.dataDirectory
        if let runtime = source.string("RUNTIME") {
            guard let choice = RuntimeChoice(rawValue: runtime.lowercased()) else {
                throw ConfigurationError("RUNTIME", "must be auto, local or kubernetes (got '\(runtime)')")
            }
            configuration.runtime = choice
        }
        configuration.server = try ServerSettings.load(from: source)
        configuration.store = try StoreSettings.load(from: source, dataDirectory: configuration.dataDirectory)
        configuration.auth = try AuthSettings.load(from: source)
        configuration.projects = try ProjectSettings.load(from: source)
        configuration.localRuntime = try LocalRuntimeSettings.load(from: source)
        configuration.kubernetes = try KubernetesSettings.load(from: source)
        configuration.jira = try JiraSettings.load(from: source)
        if configuration.environment == .production {
            if configuration.auth.jwtSecret == nil {
                throw ConfigurationError("JWT_SECRET", "is required in production")
            }
            if configuration.auth.masterKey == nil {
                throw ConfigurationError("MASTER_KEY", "is required in production")
            }
        }
        return configuration
    }
}
