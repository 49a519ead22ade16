import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// A running simulator plus an HTTP client of our own, for one test.
struct SimulatorHarness: Sendable {
    let simulator: RunningAgentSimulator
    let client: HTTPClient

    /// Runs `body` against a fresh simulator on 127.0.0.1:0, failing after `timeout`.
    static func run(
        _ configuration: AgentSimulator.Configuration = .testing,
        timeout: Duration = .seconds(30),
        _ body: @escaping @Sendable (SimulatorHarness) async throws -> Void
    ) async throws {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let logger = Logger(label: "agent-simulator-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            try await withTimeout(timeout) {
                try await AgentSimulator.withRunning(configuration: configuration, logger: logger) { running in
                    try await body(SimulatorHarness(simulator: running, client: client))
                }
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    var port: Int { simulator.port }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await send(.GET, path, headers: headers)
    }

    /// `POST /message` with `body` as is.
    func postRaw(_ body: String) async throws -> TestResponse {
        try await send(.POST, "/message", body: body)
    }

    /// `POST /message` with a JSON body built from `content` and `type`.
    func postMessage(
        _ content: String,
        type: String = "user",
        timeout: TimeAmount = .seconds(20)
    ) async throws
        -> TestResponse
    {
        let data = try JSONSerialization.data(withJSONObject: ["content": content, "type": type])
        return try await send(.POST, "/message", body: String(decoding: data, as: UTF8.self), timeout: timeout)
    }

    func send(
        _ method: HTTPMethod,
        _ path: String,
        body: String? = nil,
        headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(20)
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: simulator.baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in headers {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        let response = try await client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    /// Opens `GET /events` and returns a reader positioned before the replay.
    func openEvents() async throws -> EventStreamReader {
        var request = HTTPClientRequest(url: simulator.baseURL + "/events")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await client.execute(request, timeout: .seconds(20))
        return EventStreamReader(response: response)
    }
}

/// A fully read HTTP answer.
struct TestResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: String

    var contentType: String? { header("Content-Type") }

    func header(_ name: String) -> String? { headers.first(name: name) }

    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(body)")
    }

    /// The `errors` of a problem body.
    func problemErrors() throws -> [[String: Any]] {
        try json()["errors"] as? [[String: Any]] ?? []
    }
}
