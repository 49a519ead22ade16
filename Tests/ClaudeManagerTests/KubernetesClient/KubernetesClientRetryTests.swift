import ClaudeManager
import Foundation
import KubernetesDouble
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@Suite("Kubernetes client: retries, timeouts and credentials")
struct KubernetesClientRetryTests {
    let namespace = ClientHarness.namespace

    @Test("every other request failing with 500 or 503 still succeeds, by retrying", arguments: [500, 503, 504])
    func serverErrors(_ code: Int) async throws {
        try await ClientHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.serverErrorEvery = 2
            faults.serverErrorCode = code
            harness.double.setFaults(faults)
            for name in ["a", "b", "c", "d"] {
                try await harness.client.apply(
                    .configMaps,
                    namespace: namespace,
                    name: name,
                    ClientFixtures.configMap(name)
                )
                _ = try await harness.client.get(.configMaps, namespace: namespace, name: name, as: JSONValue.self)
            }
            // Each injected error was served, and answered by exactly one retry.
            let injected = await harness.double.faultTally.injectedErrors
            #expect(injected.keys.sorted() == [code])
            #expect(injected[code, default: 0] >= 4)
            #expect(harness.client.stats.retries == injected[code])
            #expect(harness.client.stats.total == 8 + harness.client.stats.retries)
            #expect(await harness.double.objects(.configMaps, namespace: namespace).count == 4)
        }
    }

    @Test("attempts are bounded: a server that always fails surfaces unavailable with its message")
    func boundedAttempts() async throws {
        var configuration = KubernetesClient.Configuration.testing
        configuration.maximumAttempts = 3
        try await ClientHarness.run(client: configuration) { harness in
            var faults = FaultInjector.Faults()
            faults.serverErrorRate = 1
            faults.serverErrorCode = 503
            harness.double.setFaults(faults)
            let error = await #expect(throws: KubernetesError.self) {
                try await harness.client.list(.pods, namespace: namespace, as: JSONValue.self)
            }
            guard case .unavailable(let code, let message) = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(code == 503)
            #expect(!message.isEmpty)
            #expect(harness.double.requestTotal == 3)
            #expect(await harness.double.faultTally.injectedErrors == [503: 3])
            #expect(harness.client.stats.retries == 2)
        }
    }

    @Test("429 waits for Retry-After, then succeeds")
    func tooManyRequests() async throws {
        try await ClientHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.serverErrorRate = 1
            faults.serverErrorCode = 429
            harness.double.setFaults(faults)
            let started = ContinuousClock.now
            async let list = harness.client.list(.configMaps, namespace: namespace, as: JSONValue.self)
            try await harness.waitUntil("first request refused") { harness.double.requestTotal >= 1 }
            harness.double.setFaults(FaultInjector.Faults())
            let result = try await list
            #expect(result.items.isEmpty)
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(harness.double.requestTotal == 2)
            #expect(await harness.double.faultTally.injectedErrors == [429: 1])
            #expect(harness.client.stats.retries == 1)
        }
    }

    @Test("a slow answer times out as a transport error after the attempts")
    func timeout() async throws {
        var configuration = KubernetesClient.Configuration.testing
        configuration.requestTimeout = .milliseconds(100)
        configuration.maximumAttempts = 2
        try await ClientHarness.run(client: configuration) { harness in
            var faults = FaultInjector.Faults()
            faults.latency = .milliseconds(400)
            harness.double.setFaults(faults)
            let error = await #expect(throws: KubernetesError.self) {
                try await harness.client.get(.pods, namespace: namespace, name: "p", as: JSONValue.self)
            }
            guard case .transport(let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("did not answer in time"))
            #expect(harness.client.stats.requests[.get] == 2)
        }
    }

    @Test("an unreachable server is a transport error naming it")
    func unreachable() async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        var configuration = KubernetesClient.Configuration.testing
        configuration.maximumAttempts = 2
        configuration.connectTimeout = .milliseconds(200)
        // Port 1 on loopback refuses connections.
        let client = try KubernetesClient(
            connection: KubernetesConnection(server: "http://127.0.0.1:1"),
            configuration: configuration,
            logger: logger
        )
        let error = await #expect(throws: KubernetesError.self) {
            try await client.get(.pods, namespace: "ns", name: "p", as: JSONValue.self)
        }
        try await client.shutdown()
        guard case .transport(let message) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("http://127.0.0.1:1"))
        #expect(client.stats.requests[.get] == 2)
    }

    @Test("a 401 after the token rotated reloads the token file and retries once")
    func tokenRotation() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token")
        try "one\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        try await ClientHarness.run(credentials: .tokenFile(path: tokenFile.path)) { harness in
            var faults = FaultInjector.Faults()
            faults.requiredBearerToken = "one"
            harness.double.setFaults(faults)
            _ = try await harness.client.list(.configMaps, namespace: namespace, as: JSONValue.self)

            faults.requiredBearerToken = "two"
            harness.double.setFaults(faults)
            try "two".write(to: tokenFile, atomically: true, encoding: .utf8)
            harness.double.resetRequestCounts()
            _ = try await harness.client.list(.configMaps, namespace: namespace, as: JSONValue.self)
            #expect(harness.double.requestTotal == 2)
            #expect(await harness.double.faultTally.injectedErrors == [401: 1])
            #expect(harness.client.stats.retries == 1)

            faults.requiredBearerToken = "three"
            harness.double.setFaults(faults)
            let error = await #expect(throws: KubernetesError.self) {
                try await harness.client.list(.configMaps, namespace: namespace, as: JSONValue.self)
            }
            #expect(error == .unauthorized(message: "Unauthorized"))
        }
    }

    @Test("the token file is re-read once the refresh interval passed, without a 401")
    func tokenRefresh() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token")
        try "one".write(to: tokenFile, atomically: true, encoding: .utf8)
        try await ClientHarness.run(credentials: .tokenFile(path: tokenFile.path), tokenRefreshInterval: .zero) {
            harness in
            var faults = FaultInjector.Faults()
            faults.requiredBearerToken = "one"
            harness.double.setFaults(faults)
            _ = try await harness.client.list(.configMaps, namespace: namespace, as: JSONValue.self)
            faults.requiredBearerToken = "two"
            harness.double.setFaults(faults)
            try "two".write(to: tokenFile, atomically: true, encoding: .utf8)
            _ = try await harness.client.list(.configMaps, namespace: namespace, as: JSONValue.self)
            #expect(harness.client.stats.retries == 0)
        }
    }

    @Test("a fixed token that is refused is unauthorized at once")
    func fixedToken() async throws {
        try await ClientHarness.run(credentials: .token("wrong")) { harness in
            var faults = FaultInjector.Faults()
            faults.requiredBearerToken = "right"
            harness.double.setFaults(faults)
            let error = await #expect(throws: KubernetesError.self) {
                try await harness.client.delete(.pods, namespace: namespace, name: "p")
            }
            #expect(error?.code == 401)
            #expect(harness.double.requestTotal == 1)
        }
    }

    @Test("a body that is not a Status still gives a useful message")
    func plainTextErrors() async throws {
        let status = KubernetesError(
            statusCode: 502,
            headers: [:],
            body: ByteBuffer(string: "\n  upstream connect error or disconnect/reset before headers\nmore")
        )
        #expect(status == .unavailable(code: 502, message: "upstream connect error or disconnect/reset before headers"))
        let empty = KubernetesError(statusCode: 403, headers: [:], body: ByteBuffer())
        #expect(empty == .forbidden(message: "HTTP 403 Forbidden"))
        let limited = KubernetesError(
            statusCode: 429,
            headers: ["Retry-After": "3"],
            body: ByteBuffer(string: #"{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down"}"#)
        )
        #expect(limited == .tooManyRequests(message: "slow down", retryAfter: .seconds(3)))
        let exists = KubernetesError(
            statusCode: 409,
            headers: [:],
            body: ByteBuffer(string: #"{"kind":"Status","code":409,"reason":"AlreadyExists","message":"x exists"}"#)
        )
        #expect(exists == .alreadyExists(message: "x exists"))
        #expect(exists.isTransient == false)
        #expect(limited.isTransient)
    }

    @Test("right after an outage the next request connects: the connection pool adds no backoff of its own")
    func connectsRightAfterAnOutage() async throws {
        let port = try ManagerProcess.freePort()
        let logger = Logger(label: "kubernetes-client-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        var configuration = KubernetesClient.Configuration.testing
        configuration.maximumAttempts = 1
        configuration.requestTimeout = .seconds(20)
        let client = try KubernetesClient(
            connection: KubernetesConnection(server: "http://127.0.0.1:\(port)", credentials: .none),
            configuration: configuration,
            logger: logger
        )
        // Refused connections. AsyncHTTPClient's pool backs off 100 ms × 1.25 per failed connection, up to a
        // minute: after 30 failures it would hold the next request back for about 60 s, far past its 20 s deadline.
        for _ in 0..<30 {
            await #expect(throws: KubernetesError.self) {
                try await client.get(.configMaps, namespace: namespace, name: "x", as: JSONValue.self)
            }
        }
        var doubleConfiguration = KubernetesDouble.Configuration.testing
        doubleConfiguration.port = port
        try await KubernetesDouble.withRunning(configuration: doubleConfiguration, logger: logger) { double in
            // One attempt, no retry: it connected and was answered within its own deadline.
            let missing = try await client.get(.configMaps, namespace: namespace, name: "x", as: JSONValue.self)
            #expect(missing == nil)
            #expect(double.requestTotal == 1)
            #expect(client.stats.retries == 0)
        }
        try await client.shutdown()
    }
}
