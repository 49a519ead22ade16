import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A small typed client of the Kubernetes API server over AsyncHTTPClient (PROTOCOLS.md section 3).
///
/// Every request carries the connection's bearer token; idempotent calls retry with backoff on 429, 5xx and
/// transport failures; a 401 reloads a token file once and retries. Requests are counted in ``stats``.
package final class KubernetesClient: Sendable {
    package let connection: KubernetesConnection
    package let configuration: Configuration
    /// Requests sent, by verb.
    package let stats = KubernetesRequestStats()
    let httpClient: HTTPClient
    let credentials: KubernetesCredentials
    let logger: Logger
    /// The scheme, host and port requests go to (the TLS server name when one overrides the host).
    let baseURL: String
    private let ownsHTTPClient: Bool

    /// A client with its own `HTTPClient`, configured for the connection's TLS settings; call ``shutdown()``.
    package convenience init(
        connection: KubernetesConnection,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) throws {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.redirectConfiguration = .disallow
        // Two connections stay open for the watches; the rest serve reconciles without queueing behind them.
        clientConfiguration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: 16
        )
        // A refused connection fails the request at once, and this client's own retries (jittered, at most
        // `maximumDelay` apart) and the watches' backoff decide when to try again. The pool's own retries back
        // off up to a minute, so after an outage the first requests could wait that long for a connection.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        clientConfiguration.timeout = HTTPClient.Configuration.Timeout(
            connect: Self.timeAmount(configuration.connectTimeout)
        )
        var baseURL = connection.server
        if connection.server.hasPrefix("https:") {
            clientConfiguration.tlsConfiguration = try connection.makeTLSConfiguration()
            if let serverName = connection.tlsServerName, var components = URLComponents(string: connection.server),
                let host = components.host
            {
                // Requests name the TLS server name; the DNS override sends them to the real host.
                clientConfiguration.dnsOverride = [serverName: host]
                components.host = serverName
                baseURL = components.string ?? connection.server
            }
        }
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: clientConfiguration
        )
        self.init(
            connection: connection,
            httpClient: httpClient,
            ownsHTTPClient: true,
            baseURL: baseURL,
            configuration: configuration,
            logger: logger
        )
    }

    /// A client sending through `httpClient`, which the caller owns and shuts down; TLS settings of the connection
    /// other than the bearer token are the `httpClient`'s business (e.g. plain HTTP to a test double).
    package convenience init(
        connection: KubernetesConnection,
        httpClient: HTTPClient,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.init(
            connection: connection,
            httpClient: httpClient,
            ownsHTTPClient: false,
            baseURL: connection.server,
            configuration: configuration,
            logger: logger
        )
    }

    private init(
        connection: KubernetesConnection,
        httpClient: HTTPClient,
        ownsHTTPClient: Bool,
        baseURL: String,
        configuration: Configuration,
        logger: Logger
    ) {
        self.connection = connection
        self.configuration = configuration
        self.httpClient = httpClient
        self.ownsHTTPClient = ownsHTTPClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = KubernetesCredentials(
            connection.credentials,
            refreshInterval: connection.tokenRefreshInterval
        )
        self.logger = logger
    }

    /// Shuts the `HTTPClient` down when the client created it; an injected one is left to its owner.
    package func shutdown() async throws {
        if ownsHTTPClient {
            try await httpClient.shutdown()
        }
    }
}

extension KubernetesClient {
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
