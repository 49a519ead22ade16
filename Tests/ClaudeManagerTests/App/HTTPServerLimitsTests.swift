import ClaudeManager
import Configuration
import Foundation
import HummingbirdTesting
import NIOCore
import NIOPosix
import TestSupport
import Testing

@Suite("HTTP server limits")
struct HTTPServerLimitsTests {
    /// A raw TCP connection to the manager under test.
    struct RawConnection: Sendable {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

        static func open(port: Int) async throws -> RawConnection {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            return RawConnection(channel: channel)
        }

        /// Sends `text` and returns everything the server sends until it closes the connection.
        func exchange(_ text: String) async throws -> String {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: text))
                var received = ""
                for try await buffer in inbound { received += String(buffer: buffer) }
                return received
            }
        }
    }

    static let partialRequest = "GET /api/auth/me HT"
    static let fullRequest = "GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

    @Test func halfOpenConnectionsAreClosedAndDoNotHoldTheServer() async throws {
        let configure: (inout AppConfiguration) -> Void = { $0.httpIdleTimeoutSeconds = 2 }
        try await TestApp.run(configure: configure) { client, _, _ in
            let port = try #require(client.client.port)
            var stalled: [RawConnection] = []
            for _ in 0..<200 { stalled.append(try await RawConnection.open(port: port)) }
            let opened = ContinuousClock.now
            try await withThrowingTaskGroup(of: String.self) { group in
                for connection in stalled {
                    group.addTask {
                        try await withTimeout(.seconds(30)) { try await connection.exchange(Self.partialRequest) }
                    }
                }
                let answer = try await RawConnection.open(port: port).exchange(Self.fullRequest)
                #expect(answer.hasPrefix("HTTP/1.1 200"), "a normal request failed while 200 connections stalled")
                var closed = 0
                for try await received in group {
                    #expect(received.isEmpty)
                    closed += 1
                }
                #expect(closed == 200)
            }
            #expect(ContinuousClock.now - opened >= .seconds(1), "stalled connections were closed before the timeout")
        }
    }

    /// With room for 4 connections, 12 stalled ones are served in turns: the later ones are accepted only when the
    /// first ones have been closed by the idle timeout (without the cap all 12 would be closed together).
    ///
    /// Runs the `claude-manager` executable: HummingbirdTesting's live server drops the application's
    /// `availableConnectionsDelegate` (it rebuilds the configuration with only a new address).
    @Test func connectionsPastTheCapWaitForAFreeSlot() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-cap")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let manager = try ManagerProcess(
            environment: [
                "DATA_DIR": (scratch as NSString).appendingPathComponent("data"),
                "LOG_DIR": (scratch as NSString).appendingPathComponent("logs"),
                "ADMIN_PASSWORD": "cap-test-password",
                "AGENT_COMMAND": "simulator",
                "AGENT_SIMULATOR_PATH": TestEnvironment.simulatorPath,
                "RUNTIME": "local",
                "BCRYPT_COST": "4",
                "PUBLIC_DIR": TestEnvironment.publicDirectory,
                "HTTP_MAX_CONNECTIONS": "4",
                "HTTP_IDLE_TIMEOUT_SECONDS": "2",
            ],
            port: try ManagerProcess.freePort(),
            output: (scratch as NSString).appendingPathComponent("manager.out")
        )
        defer { manager.terminate() }
        let port = manager.port
        try await pollUntil("the manager to listen", timeout: .seconds(60), every: .milliseconds(100)) {
            let answer = try? await withTimeout(.seconds(5)) {
                try await RawConnection.open(port: port).exchange(Self.fullRequest)
            }
            return answer?.hasPrefix("HTTP/1.1 200") == true
        }
        var stalled: [RawConnection] = []
        for _ in 0..<12 { stalled.append(try await RawConnection.open(port: port)) }
        let closings: [ContinuousClock.Instant] = try await withThrowingTaskGroup(
            of: ContinuousClock.Instant.self
        ) { group in
            for connection in stalled {
                group.addTask {
                    _ = try await withTimeout(.seconds(60)) { try await connection.exchange(Self.partialRequest) }
                    return ContinuousClock.now
                }
            }
            let answer = try await withTimeout(.seconds(60)) {
                try await RawConnection.open(port: port).exchange(Self.fullRequest)
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            return try await group.reduce(into: [ContinuousClock.Instant]()) { $0.append($1) }
        }
        let first = try #require(closings.min())
        let last = try #require(closings.max())
        #expect(last - first >= .seconds(1), "all 12 connections were served at once")
    }

    @Test(arguments: [
        ("JWT_EXPIRY_HOURS", "721"), ("HTTP_IDLE_TIMEOUT_SECONDS", "0"), ("HTTP_MAX_CONNECTIONS", "lots"),
        ("TRUSTED_PROXIES", "10.0.0.0/40"), ("LOGIN_ACCOUNT_RATE_LIMIT", "0"),
    ])
    func limitsOutOfRangeNameTheVariable(variable: String, value: String) {
        do {
            _ = try Self.load([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func limitsAreRead() throws {
        let defaults = try Self.load([:])
        #expect(defaults.httpIdleTimeoutSeconds == 30)
        #expect(defaults.httpMaxConnections == 4096)
        #expect(defaults.trustedProxies.isEmpty)
        let configured = try Self.load([
            "JWT_EXPIRY_HOURS": "720", "HTTP_IDLE_TIMEOUT_SECONDS": "5", "HTTP_MAX_CONNECTIONS": "100",
            "TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::1", "LOGIN_ACCOUNT_RATE_LIMIT": "5",
        ])
        #expect(configured.jwtExpiryHours == 720)
        #expect(configured.httpIdleTimeoutSeconds == 5)
        #expect(configured.httpMaxConnections == 100)
        #expect(configured.trustedProxies.ranges.count == 2)
        #expect(configured.loginAccountRateLimit == 5)
    }

    static func load(_ variables: [String: String]) throws -> AppConfiguration {
        try AppConfiguration.load(
            from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables))
        )
    }
}
