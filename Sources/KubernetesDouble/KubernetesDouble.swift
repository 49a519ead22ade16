import Hummingbird
import Logging
import NIOCore
import ScopedServices
import ServiceLifecycle

/// A test double of the Kubernetes API server for the endpoints the manager uses, over real HTTP, with a simulated
/// StatefulSet controller and kubelet and run-time fault injection (PROTOCOLS.md section 3).
///
/// Run it as a `Service`, or scoped with ``withRunning(configuration:logger:isolation:_:)`` in tests.
package struct KubernetesDouble: Service {
    package let configuration: Configuration
    private let logger: Logger
    let store: ObjectStore
    let faults: FaultInjector
    private let onListening: @Sendable (_ host: String, _ port: Int) async -> Void

    /// A double with an empty cluster; `onListening` is told the bound address once the server accepts connections.
    package init(
        configuration: Configuration = Configuration(),
        logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.store = ObjectStore(configuration: configuration)
        self.faults = FaultInjector()
        self.onListening = onListening
    }

    /// The faults served since the start: the store's watch and list faults plus the injected error answers.
    var faultTally: FaultTally {
        get async { faults.completing(await store.tally) }
    }

    /// Serves until graceful shutdown; open watches end then.
    package func run() async throws {
        let host = configuration.host
        let port = configuration.port
        let onListening = self.onListening
        let application = Application(
            responder: KubernetesAPIResponder(store: store, faults: faults),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            services: [ControllerTicker(store: store, interval: configuration.tickInterval)],
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? port)
            },
            logger: logger
        )
        try await application.run()
    }

    /// Runs a double while `body` does, then shuts it down gracefully.
    ///
    /// - Parameter configuration: use port 0 so parallel tests do not collide.
    package static func withRunning<Result>(
        configuration: Configuration = .testing,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RunningKubernetesDouble) async throws -> Result
    ) async throws -> Result {
        try await withListeningService(
            logger: logger,
            stoppedBeforeListening: KubernetesDoubleError.stoppedBeforeListening,
            makeService: { onListening in
                KubernetesDouble(configuration: configuration, logger: logger) { host, port in onListening(host, port) }
            },
            body: { double, listening in
                try await body(
                    RunningKubernetesDouble(
                        host: listening.host,
                        port: listening.port,
                        double: double,
                        group: listening.group
                    )
                )
            }
        )
    }
}
