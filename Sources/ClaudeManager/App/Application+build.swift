import AsyncHTTPClient
import ClaudeManagerAPI
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// The manager's version, reported by health and system info.
package let claudeManagerVersion = "0.1.0"

/// Everything a running manager is made of, for tests that need to reach past the HTTP API.
package struct AppComponents: Sendable {
    package var store: any Store
    package var runtime: any WorkloadRuntime
    package var auth: AuthService
    package var projects: ProjectService
    package var keys: AppKeys
}

/// Builds the manager: opens and migrates the store, creates the first admin, wires runtime, services and routes.
/// Request lines go to `accessLogger` (default: `logger`).
package func buildApplication(
    configuration: AppConfiguration,
    logger: Logger,
    accessLogger: Logger? = nil
) async throws -> (application: some ApplicationProtocol, components: AppComponents) {
    try PrivateFiles.secure(configuration, logger: logger)
    let keys = try AppKeys.load(configuration: configuration)
    let connection = try await DatabaseConnection.open(url: configuration.store.databaseURL, logger: logger)
    do {
        try await Migrations.run(on: connection.sql, logger: logger)
        return try await assembleApplication(
            configuration: configuration,
            keys: keys,
            connection: connection,
            logger: logger,
            accessLogger: accessLogger ?? logger
        )
    } catch {
        try? await connection.close()  // nil: the build error is the one to report
        throw error
    }
}

/// Everything of ``buildApplication(configuration:logger:accessLogger:)`` after the database is open and migrated.
private func assembleApplication(
    configuration: AppConfiguration,
    keys: AppKeys,
    connection: DatabaseConnection,
    logger: Logger,
    accessLogger: Logger
) async throws -> (application: some ApplicationProtocol, components: AppComponents) {
    let store = SQLStore(
        connection: connection,
        secretBox: SecretBox(masterSecret: keys.masterSecret),
        cachingProjects: true
    )
    let auth = await AuthService(
        store: store,
        jwtSecret: keys.jwtSecret,
        sessionHours: configuration.auth.jwtExpiryHours,
        passwords: try await PasswordHasher.make(cost: configuration.auth.bcryptCost),
        rateLimiter: LoginRateLimiter(
            addressLimit: configuration.auth.loginRateLimit,
            accountLimit: configuration.auth.loginAccountRateLimit
        ),
        logger: logger
    )
    if let password = try await auth.bootstrapAdmin(
        email: configuration.auth.adminEmail,
        password: configuration.auth.adminPassword?.value
    ) {
        print(
            """

            ==> Created the first admin. Sign in as \(configuration.auth.adminEmail) with password: \(password)
                (shown only now; set ADMIN_PASSWORD to choose it)

            """
        )
    }

    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    let runtime: any WorkloadRuntime
    do {
        runtime = try await makeRuntime(configuration: configuration, httpClient: httpClient, logger: logger)
    } catch {
        try? await httpClient.shutdown()  // nil: the runtime's error is the one to report
        throw error
    }
    let repositories = RepositoryPolicy(localRoots: configuration.projects.localRepositoryRoots)
    let reconciler = ProjectReconciler(
        store: store,
        runtime: runtime,
        defaultAnthropicAPIKey: configuration.projects.defaultAnthropicAPIKey?.value,
        repositories: repositories,
        logger: logger
    )
    let projects = ProjectService(
        store: store,
        runtime: runtime,
        reconciler: reconciler,
        defaultWorkspaceSize: configuration.projects.defaultWorkspaceSize,
        defaultStorageClass: configuration.projects.defaultStorageClass,
        repositories: repositories,
        jiraServiceUser: configuration.jira.serviceUser,
        logger: logger
    )
    let handler = APIHandler(
        auth: auth,
        projects: projects,
        store: store,
        runtime: runtime,
        sessionHours: configuration.auth.jwtExpiryHours,
        isSecureCookie: configuration.environment == .production
    )
    let router = try makeRouter(
        configuration: configuration,
        handler: handler,
        auth: auth,
        store: store,
        accessLogger: accessLogger
    )
    var services: [any Service] = [DatabaseService(connection: connection), HTTPClientService(client: httpClient)]
    if let service = runtime as? any Service { services.append(service) }
    services.append(reconciler)
    let application = Application(
        router: router,
        server: .http1(configuration: makeHTTP1Configuration(configuration)),
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port),
            serverName: "claude-manager",
            availableConnectionsDelegate: MaximumAvailableConnections(
                configuration.server.httpMaxConnections,
                logger: logger
            )
        ),
        services: services,
        logger: logger
    )
    let components = AppComponents(store: store, runtime: runtime, auth: auth, projects: projects, keys: keys)
    return (application, components)
}

private func makeRuntime(
    configuration: AppConfiguration,
    httpClient: HTTPClient,
    logger: Logger
) async throws
    -> any WorkloadRuntime
{
    let environment = configuration.kubernetesEnvironment
    let home = FileManager.default.homeDirectoryForCurrentUser.path
    let clusterConfigured = KubernetesConnection.isClusterConfigured(
        kubeconfigPath: configuration.kubernetes.kubeconfigPath,
        environment: environment,
        homeDirectory: home
    )
    switch configuration.runtime {
    case .kubernetes,
        .auto where clusterConfigured:
        let connection: KubernetesConnection
        do {
            connection = try KubernetesConnection.discover(
                kubeconfigPath: configuration.kubernetes.kubeconfigPath,
                context: configuration.kubernetes.context,
                environment: environment,
                homeDirectory: home
            )
        } catch {
            throw ConfigurationError(
                configuration.kubernetes.kubeconfigPath == nil ? "KUBECONFIG" : "--kubeconfig",
                "\(error)"
            )
        }
        var clientConfiguration = KubernetesClient.Configuration()
        clientConfiguration.connectTimeout = .seconds(5)  // an API server answers in milliseconds or is away
        let client = try KubernetesClient(connection: connection, configuration: clientConfiguration, logger: logger)
        var settings = KubernetesObjectSettings(
            namespace: configuration.kubernetes.namespace ?? connection.namespace ?? "default",
            image: configuration.kubernetes.devImage
        )
        settings.defaultWorkspaceSize = configuration.projects.defaultWorkspaceSize
        settings.defaultConfigSize = configuration.kubernetes.defaultConfigSize
        settings.defaultStorageClass = configuration.projects.defaultStorageClass
        settings.managerPodLabels = configuration.kubernetes.managerPodLabels
        settings.ingressControllerPodLabels = configuration.kubernetes.ingressControllerLabels
        settings.ingressControllerNamespace = configuration.kubernetes.ingressControllerNamespace
        settings.egressDeniedCIDRs = configuration.kubernetes.projectEgressDenyCIDRs
        settings.jira = configuration.jira.agentAccess
        logger.info(
            "running projects on Kubernetes",
            metadata: ["kubernetes.server": "\(connection.server)", "kubernetes.namespace": "\(settings.namespace)"]
        )
        return KubernetesRuntime(
            client: client,
            settings: settings,
            agentAccess: KubernetesConnection.isInCluster(environment: environment) ? .clusterDNS : .serviceProxy,
            logger: logger
        )
    case .auto, .local:
        let simulatorPath = configuration.localRuntime.simulatorPath ?? defaultSimulatorPath()
        let local = LocalRuntimeConfiguration(
            dataDirectory: configuration.dataDirectory,
            command: AgentCommand(template: configuration.localRuntime.agentCommand, simulatorPath: simulatorPath),
            stopGrace: .seconds(configuration.localRuntime.agentStopGraceSeconds),
            startTimeout: .seconds(configuration.localRuntime.agentStartTimeoutSeconds),
            sandbox: configuration.localSandboxSettings,
            childEnvironment: ChildEnvironment(inheriting: configuration.processEnvironment)
        )
        let sandbox = await LocalSandbox.probe(local.sandbox, searchPath: local.childEnvironment.searchPath)
        switch sandbox {
        case .on: logger.info("local agents run in the bubblewrap sandbox")
        case .off: logger.warning("local agents run without a sandbox (LOCAL_SANDBOX=off)")
        case .unavailable(let reason):
            logger.error(
                "local sandbox unavailable: agents will not start",
                metadata: ["sandbox.problem": "\(reason)"]
            )
        }
        return LocalRuntime(configuration: local, sandbox: sandbox, httpClient: httpClient, logger: logger)
    }
}

/// HTTP/1 with an idle timeout: a connection is closed when it sends no complete request head within
/// `HTTP_IDLE_TIMEOUT_SECONDS` of opening or of its last response, or stalls that long while sending a body. A response
/// in progress is never cut; long-lived streams (WebSocket, server-sent events) must send heartbeats more often than
/// the timeout all the same, so that proxies in between keep them open too.
private func makeHTTP1Configuration(_ configuration: AppConfiguration) -> HTTP1Channel.Configuration {
    HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(configuration.server.httpIdleTimeoutSeconds)))
}

/// `agent-simulator` beside the running executable.
private func defaultSimulatorPath() -> String {
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "claude-manager").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("agent-simulator").path
}

private func makeRouter(
    configuration: AppConfiguration,
    handler: APIHandler,
    auth: AuthService,
    store: any Store,
    accessLogger: Logger
) throws
    -> Router<AppRequestContext>
{
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(RequestLogMiddleware(logger: accessLogger))
    router.middlewares.add(APIErrorMiddleware())
    if let frontend = configuration.server.frontendURL {
        router.middlewares.add(
            CORSMiddleware(
                allowOrigin: .custom(frontend),
                allowHeaders: [.contentType, .authorization],
                allowMethods: [.get, .post, .put, .patch, .delete],
                allowCredentials: true
            )
        )
    }
    if let publicDirectory = configuration.server.publicDirectory ?? BundledResources.publicDirectory {
        router.middlewares.add(StaticFilesMiddleware(directory: publicDirectory))
    } else {
        accessLogger.error("no web UI to serve: the bundled resources are missing and PUBLIC_DIR is not set")
    }
    router.middlewares.add(SetCookieMiddleware())
    if !configuration.server.trustedProxies.isEmpty {
        router.middlewares.add(ClientAddressMiddleware(proxies: configuration.server.trustedProxies))
    }
    router.middlewares.add(AuthenticationMiddleware(auth: auth))
    router.middlewares.add(
        ProjectReadMiddleware(
            projects: handler.projects,
            store: handler.store,
            json: ProjectJSONCache(runtime: handler.runtime.kind)
        )
    )
    router.middlewares.add(RequestContextBridgeMiddleware())

    router.get(RouterPath(ProbeRoute.liveness)) { _, _ in "ok" }
    router.get(RouterPath(ProbeRoute.readiness)) { _, _ -> Response in
        do {
            try await store.ping()
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        } catch {
            return Response(
                status: .serviceUnavailable,
                body: .init(byteBuffer: ByteBuffer(string: "store unavailable"))
            )
        }
    }
    // nil: a binary copied without its resources answers 404 for the document
    let spec = BundledResources.openAPIDocument.flatMap { FileManager.default.contents(atPath: $0) }
    router.get("/api/openapi.yaml") { _, context -> Response in
        try await OperationPolicy.signedIn.authorize(context.identity, store: store)
        guard let data = spec else { throw StoreError.notFound(entity: "file", id: "openapi.yaml") }
        var headers = HTTPFields()
        headers[.contentType] = "application/yaml"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
    try handler.registerHandlers(
        on: router,
        serverURL: Servers.Server1.url(),
        configuration: OpenAPIRuntime.Configuration(
            dateTranscoder: ISO8601Transcoder(),
            jsonEncodingOptions: [.withoutEscapingSlashes]
        ),
        middlewares: [AuthorizationMiddleware(store: handler.store)]
    )
    return router
}
