import ClaudeManager
import Configuration
import Foundation
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

    /// A connection that sent only part of a request line, as it ended.
    struct Stall: Sendable {
        /// From connecting until the server closed the connection.
        var lifetime: Duration
        var received: String
    }

    /// Connects, sends part of a request line, reports `sent`, and waits for the server to close the connection.
    static func stall(port: Int, sent: AsyncStream<Void>.Continuation) async throws -> Stall {
        let connection = try await RawConnection.open(port: port)
        let opened = ContinuousClock.now
        let received = try await connection.channel.executeThenClose { inbound, outbound in
            do {
                try await outbound.write(ByteBuffer(string: Self.partialRequest))
            } catch ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.outputClosed {
                // closed by the server before the write: that is the outcome awaited below too
            }
            sent.yield()
            var received = ""
            for try await buffer in inbound { received += String(buffer: buffer) }
            return received
        }
        return Stall(lifetime: ContinuousClock.now - opened, received: received)
    }

    /// Opens `count` stalled connections, calls `whileOpen` once all sent their partial request, and returns how
    /// each ended.
    static func stall(
        _ count: Int,
        port: Int,
        whileOpen: @escaping @Sendable () async throws -> Void
    ) async throws -> [Stall] {
        let (sent, continuation) = AsyncStream.makeStream(of: Void.self)
        return try await withThrowingTaskGroup(of: Stall?.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await withTimeout(.seconds(60)) { try await Self.stall(port: port, sent: continuation) }
                }
            }
            group.addTask {
                var remaining = count
                for await _ in sent {
                    remaining -= 1
                    if remaining == 0 { break }
                }
                try await whileOpen()
                return nil
            }
            return try await group.reduce(into: [Stall]()) { stalls, stall in
                if let stall { stalls.append(stall) }
            }
        }
    }

    static let partialRequest = "GET /api/auth/me HT"
    static let fullRequest = "GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

    /// Runs the `claude-manager` executable with `variables` and hands `body` its port.
    ///
    /// A process rather than HummingbirdTesting's live server: that one drops the application's
    /// `availableConnectionsDelegate` (it rebuilds the configuration with only a new address), and its single client
    /// connection would itself be closed by the short idle timeout these tests use.
    static func withManager(_ variables: [String: String], _ body: (Int) async throws -> Void) async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-limits")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let environment = [
            "DATA_DIR": (scratch as NSString).appendingPathComponent("data"),
            "LOG_DIR": (scratch as NSString).appendingPathComponent("logs"),
            "ADMIN_PASSWORD": "limits-test-password",
            "AGENT_COMMAND": "simulator",
            "AGENT_SIMULATOR_PATH": TestEnvironment.simulatorPath,
            "RUNTIME": "local",
            "BCRYPT_COST": "4",
            "PUBLIC_DIR": TestEnvironment.publicDirectory,
        ]
        let manager = try ManagerProcess(
            environment: environment.merging(variables) { _, new in new },
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
        try await body(port)
    }

    @Test func halfOpenConnectionsAreClosedAndDoNotHoldTheServer() async throws {
        try await Self.withManager(["HTTP_IDLE_TIMEOUT_SECONDS": "2"]) { port in
            let stalls = try await Self.stall(200, port: port) {
                let answer = try await RawConnection.open(port: port).exchange(Self.fullRequest)
                #expect(answer.hasPrefix("HTTP/1.1 200"), "a normal request failed while 200 connections stalled")
            }
            #expect(stalls.count == 200)
            #expect(stalls.allSatisfy { $0.received.isEmpty })
            let shortest = try #require(stalls.map(\.lifetime).min())
            #expect(shortest >= .seconds(1), "a stalled connection was closed before the timeout")
        }
    }

    /// With room for 4 connections, 12 stalled ones are served in turns: the later ones are accepted only when the
    /// first ones have been closed by the idle timeout (without the cap all 12 would be closed after 2 s).
    @Test func connectionsPastTheCapWaitForAFreeSlot() async throws {
        try await Self.withManager(["HTTP_MAX_CONNECTIONS": "4", "HTTP_IDLE_TIMEOUT_SECONDS": "2"]) { port in
            let stalls = try await Self.stall(12, port: port) {}
            let answer = try await withTimeout(.seconds(60)) {
                try await RawConnection.open(port: port).exchange(Self.fullRequest)
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            let longest = try #require(stalls.map(\.lifetime).max())
            #expect(longest >= .seconds(3), "all 12 connections were served at once")
        }
    }
}
