import Foundation
import Logging

/// How the HTTP server listens, serves the UI and logs.
///
/// Keys: `host` (`HOST`), `port` (`PORT`), `logDirectory` (`LOG_DIR`), `logLevel` (`LOG_LEVEL`), `publicDirectory`
/// (`PUBLIC_DIR`), `frontendURL` (`FRONTEND_URL`), `trustedProxies` (`TRUSTED_PROXIES`), `httpIdleTimeoutSeconds`
/// (`HTTP_IDLE_TIMEOUT_SECONDS`), `httpMaxConnections` (`HTTP_MAX_CONNECTIONS`).
package struct ServerSettings: Sendable {
    package var host = "0.0.0.0"
    package var port = 3000
    package var logDirectory = "./logs"
    package var logLevel: Logger.Level = .info
    /// `PUBLIC_DIR`: a folder to serve the web UI from instead of the one bundled with the binary.
    package var publicDirectory: String?
    package var frontendURL: String?
    /// Proxies whose `X-Forwarded-For` names the client; none by default.
    package var trustedProxies = TrustedProxies()
    /// Seconds a connection may sit idle, or take to send a request's head, before the server closes it.
    package var httpIdleTimeoutSeconds = 30
    /// Connections served at once; further ones wait in the listen backlog.
    package var httpMaxConnections = 4096

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("HOST", "address to listen on (default 0.0.0.0)"),
        ("PORT", "port for the API and UI (default 3000)"),
        ("LOG_DIR", "JSON-lines log files combined.log and error.log (default ./logs)"),
        ("LOG_LEVEL", "trace, debug, info (default), notice, warning, error or critical"),
        ("PUBLIC_DIR", "folder to serve the web UI from (default: the copy bundled with the binary)"),
        ("FRONTEND_URL", "origin allowed by CORS (default: same origin only)"),
        ("TRUSTED_PROXIES", "comma-separated IPs/CIDRs of proxies whose X-Forwarded-For is believed (default none)"),
        ("HTTP_IDLE_TIMEOUT_SECONDS", "seconds a connection may idle or take to send a request head (default 30)"),
        ("HTTP_MAX_CONNECTIONS", "connections served at once; more wait to be accepted (default 4096)"),
    ]

    /// Reads and validates the server's variables.
    static func load(from source: ConfigurationSource) throws -> ServerSettings {
        var settings = ServerSettings()
        settings.host = source.string("HOST") ?? settings.host
        settings.port = try source.integer("PORT", in: 0...65535) ?? settings.port
        settings.logDirectory = source.string("LOG_DIR") ?? settings.logDirectory
        if let level = source.string("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError(
                    "LOG_LEVEL",
                    "must be one of trace, debug, info, notice, warning, error, critical (got '\(level)')"
                )
            }
            settings.logLevel = parsed
        }
        settings.publicDirectory = source.string("PUBLIC_DIR")
        if let frontend = source.string("FRONTEND_URL") {
            guard let url = URL(string: frontend), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError("FRONTEND_URL", "must be an http(s) origin such as https://cm.example.com")
            }
            settings.frontendURL = frontend
        }
        if let proxies = source.string("TRUSTED_PROXIES") {
            switch TrustedProxies.parse(proxies) {
            case .success(let parsed): settings.trustedProxies = parsed
            case .failure(let invalid):
                throw ConfigurationError(
                    "TRUSTED_PROXIES",
                    "must be IP addresses or CIDR blocks separated by commas (got '\(invalid.text)')"
                )
            }
        }
        settings.httpIdleTimeoutSeconds =
            try source.integer("HTTP_IDLE_TIMEOUT_SECONDS", in: 1...3600) ?? settings.httpIdleTimeoutSeconds
        settings.httpMaxConnections =
            try source.integer("HTTP_MAX_CONNECTIONS", in: 1...1_000_000) ?? settings.httpMaxConnections
        return settings
    }
}
