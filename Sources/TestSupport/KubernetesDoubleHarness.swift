import AsyncHTTPClient
import Foundation
import KubernetesDouble
import Logging
import NIOCore
import NIOHTTP1

/// The namespace every test of the double uses.
package let namespace = "claude"
/// Collection paths in ``namespace``.
package let configMapsPath = "/api/v1/namespaces/claude/configmaps"
package let podsPath = "/api/v1/namespaces/claude/pods"
package let claimsPath = "/api/v1/namespaces/claude/persistentvolumeclaims"
package let eventsPath = "/api/v1/namespaces/claude/events"
package let statefulSetsPath = "/apis/apps/v1/namespaces/claude/statefulsets"

/// A running Kubernetes double plus an HTTP client speaking to it, for one test.
package struct KubernetesDoubleHarness: Sendable {
    package let double: RunningKubernetesDouble
    package let client: HTTPClient

    /// Runs `body` against a fresh double on 127.0.0.1:0, failing after `timeout`.
    package static func run(
        _ configuration: KubernetesDouble.Configuration = .testing,
        timeout: Duration = .seconds(30),
        _ body: @escaping @Sendable (KubernetesDoubleHarness) async throws -> Void
    ) async throws {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let logger = Logger(label: "kubernetes-double-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            try await withTimeout(timeout) {
                try await KubernetesDouble.withRunning(configuration: configuration, logger: logger) { running in
                    try await body(KubernetesDoubleHarness(double: running, client: client))
                }
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    package func send(
        _ method: HTTPMethod,
        _ path: String,
        body: JSONValue? = nil,
        contentType: String = "application/json",
        headers: [String: String] = [:]
    ) async throws -> KubernetesResponse {
        var request = HTTPClientRequest(url: double.baseURL + path)
        request.method = method
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body.encodedString))
        }
        let response = try await client.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return KubernetesResponse(
            status: Int(response.status.code),
            headers: response.headers,
            body: String(buffer: bytes)
        )
    }

    package func get(_ path: String) async throws -> KubernetesResponse {
        try await send(.GET, path)
    }

    /// Server-side apply of `object` at `path` (the object's own URL).
    package func apply(
        _ object: JSONValue,
        at path: String,
        manager: String? = "claude-manager",
        force: Bool = false
    )
        async throws -> KubernetesResponse
    {
        var query: [String] = []
        if let manager { query.append("fieldManager=\(manager)") }
        if force { query.append("force=true") }
        let url = query.isEmpty ? path : path + "?" + query.joined(separator: "&")
        return try await send(.PATCH, url, body: object, contentType: "application/apply-patch+yaml")
    }

    package func mergePatch(_ patch: JSONValue, at path: String, manager: String) async throws -> KubernetesResponse {
        try await send(
            .PATCH,
            path + "?fieldManager=\(manager)",
            body: patch,
            contentType: "application/merge-patch+json"
        )
    }

    /// Opens a watch at `path` (with its query) and returns a reader positioned at the first line.
    package func watch(_ path: String) async throws -> WatchReader {
        let request = HTTPClientRequest(url: double.baseURL + path)
        let response = try await client.execute(request, timeout: .seconds(20))
        return WatchReader(response: response)
    }

    /// Opens a streaming GET (e.g. `log?follow=true`) and returns its status and body.
    package func stream(_ path: String) async throws -> (status: Int, body: HTTPClientResponse.Body) {
        let response = try await client.execute(HTTPClientRequest(url: double.baseURL + path), timeout: .seconds(20))
        return (Int(response.status.code), response.body)
    }

    /// Polls `condition` every 20 ms until it holds; fails after `timeout`.
    package func eventually(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: @Sendable () async throws -> Bool
    ) async throws {
        try await pollUntil(what, timeout: timeout, every: .milliseconds(20), condition)
    }
}

/// A fully read HTTP answer.
package struct KubernetesResponse: Sendable {
    package let status: Int
    package let headers: HTTPHeaders
    package let body: String

    package func json() throws -> JSONValue {
        try JSONValue(data: Data(body.utf8))
    }
}

/// Reads a watch stream line by line.
package struct WatchReader {
    package let status: Int
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var pending: [UInt8] = []

    package init(response: HTTPClientResponse) {
        status = Int(response.status.code)
        iterator = response.body.makeAsyncIterator()
    }

    /// The next event, or nil once the server closed the stream.
    package mutating func next() async throws -> JSONValue? {
        while true {
            if let end = pending.firstIndex(of: 10) {
                let line = Data(pending[..<end])
                pending.removeSubrange(...end)
                return try JSONValue(data: line)
            }
            guard let chunk = try await iterator.next() else { return nil }
            pending.append(contentsOf: chunk.readableBytesView)
        }
    }

    /// The next event that is not a BOOKMARK; fails when the stream ends.
    package mutating func nextChange() async throws -> JSONValue {
        while let event = try await next() {
            if event["type"] != "BOOKMARK" { return event }
        }
        throw StreamEnded()
    }
}

/// The watch stream ended before the awaited event.
package struct StreamEnded: Error {}
