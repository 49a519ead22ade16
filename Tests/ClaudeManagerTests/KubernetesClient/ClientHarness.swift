import AsyncHTTPClient
import ClaudeManager
import Foundation
import KubernetesDouble
import Logging
import TestSupport
import Testing

/// A running Kubernetes double plus a `KubernetesClient` talking to it over plain HTTP, for one test.
struct ClientHarness: Sendable {
    static let namespace = "claude"

    let double: RunningKubernetesDouble
    let client: KubernetesClient
    let directory: URL

    /// Runs `body` against a fresh double with a client using `credentials` and `clientConfiguration`.
    static func run(
        _ doubleConfiguration: KubernetesDouble.Configuration = .testing,
        credentials: KubernetesConnection.Credentials = .none,
        tokenRefreshInterval: Duration = .seconds(60),
        client clientConfiguration: KubernetesClient.Configuration = .testing,
        _ body: @escaping @Sendable (ClientHarness) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let logger = Logger(label: "kubernetes-client-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            try await withTimeout(.seconds(20)) {
                try await KubernetesDouble.withRunning(configuration: doubleConfiguration, logger: logger) { running in
                    let connection = KubernetesConnection(
                        server: running.baseURL,
                        credentials: credentials,
                        tokenRefreshInterval: tokenRefreshInterval
                    )
                    let client = KubernetesClient(
                        connection: connection,
                        httpClient: httpClient,
                        configuration: clientConfiguration,
                        logger: logger
                    )
                    try await body(ClientHarness(double: running, client: client, directory: directory))
                }
            }
        } catch {
            try await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    /// Polls `condition` every 10 ms until it holds; fails after `timeout`.
    func waitUntil(
        _ what: String,
        timeout: Duration = .seconds(5),
        _ condition: @Sendable () async throws -> Bool
    ) async throws {
        try await pollUntil(what, timeout: timeout, every: .milliseconds(10), condition)
    }
}

/// Fresh temporary folders.
enum TemporaryDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Objects the client tests apply.
enum ClientFixtures {
    static func configMap(_ name: String, labels: [String: String] = [:], data: [String: String] = [:]) -> JSONValue {
        var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]]
        if !labels.isEmpty { object["metadata"]?["labels"] = .object(labels.mapValues { .string($0) }) }
        if !data.isEmpty { object["data"] = .object(data.mapValues { .string($0) }) }
        return object
    }

    static func statefulSet(_ name: String, replicas: Int = 0, serviceName: String? = nil) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": ["name": .string(name), "labels": ["app.kubernetes.io/managed-by": "claude-manager"]],
            "spec": [
                "replicas": .int(replicas),
                "serviceName": .string(serviceName ?? name),
                "selector": ["matchLabels": ["app.kubernetes.io/instance": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app.kubernetes.io/instance": .string(name)]],
                    "spec": ["containers": [["name": "agent", "image": "agent:1"]]],
                ],
            ],
        ]
    }

    static func pod(_ name: String) -> JSONValue {
        ["metadata": ["name": .string(name)], "spec": ["containers": [["name": "agent", "image": "agent:1"]]]]
    }
}
