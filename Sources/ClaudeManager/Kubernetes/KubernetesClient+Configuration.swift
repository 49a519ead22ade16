/// Client settings.
extension KubernetesClient {
    /// Retries and timeouts.
    ///
    /// Keys: `maximumAttempts` (5), `baseDelay` (200 ms), `maximumDelay` (5 s), `maximumRetryAfter` (60 s),
    /// `requestTimeout` (30 s), `connectTimeout` (10 s), `fieldManager` (`claude-manager`),
    /// `maximumResponseSize` (32 MiB).
    package struct Configuration: Sendable {
        /// Attempts per idempotent call, the first included.
        package var maximumAttempts = 5
        /// The backoff before the second attempt; it doubles per attempt, with full jitter.
        package var baseDelay = Duration.milliseconds(200)
        /// The longest backoff.
        package var maximumDelay = Duration.seconds(5)
        /// The longest `Retry-After` honoured; longer waits are cut to this.
        package var maximumRetryAfter = Duration.seconds(60)
        /// The deadline of one attempt of a non-streaming call, body included.
        package var requestTimeout = Duration.seconds(30)
        /// How long opening a connection may take (clients the Kubernetes client creates itself); the connection
        /// pool keeps retrying refused connections and failed TLS handshakes until then.
        package var connectTimeout = Duration.seconds(10)
        /// The default `fieldManager` of server-side apply and merge patches.
        package var fieldManager = "claude-manager"
        /// The largest non-streaming answer read.
        package var maximumResponseSize = 32 << 20

        package init() {}

        /// Tiny delays and short timeouts, for tests.
        package static var testing: Self {
            var configuration = Self()
            configuration.baseDelay = .milliseconds(5)
            configuration.maximumDelay = .milliseconds(20)
            configuration.requestTimeout = .seconds(5)
            configuration.connectTimeout = .seconds(2)
            return configuration
        }
    }
}
