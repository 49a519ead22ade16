import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// One parsed server-sent event.
struct ServerSentEvent: Sendable, CustomStringConvertible {
    let name: String
    let data: String
    /// Every line of the frame, to check that no `id:` or comment lines appear.
    let lines: [String]

    var payload: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }

    func string(_ key: String) -> String? { payload[key] as? String }
    func int(_ key: String) -> Int? { payload[key] as? Int }

    var isStatusChange: Bool { name == "status_change" }
    var isMessageUpdate: Bool { name == "message_update" }

    var description: String { "\(name) \(data)" }
}

/// Reads `GET /events` frame by frame (`event: …\ndata: …\n\n`).
struct EventStreamReader {
    /// The stream ended before the awaited event came.
    struct StreamEnded: Error {
        let awaited: String
        let seen: [ServerSentEvent]
    }

    let status: Int
    let contentType: String?
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var pending: [UInt8] = []

    init(response: HTTPClientResponse) {
        status = Int(response.status.code)
        contentType = response.headers.first(name: "Content-Type")
        iterator = response.body.makeAsyncIterator()
    }

    /// The next event, or nil once the server closed the stream.
    mutating func next() async throws -> ServerSentEvent? {
        while true {
            if let end = frameEnd() {
                let frame = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(..<(end + 2))
                return Self.parse(frame)
            }
            guard let chunk = try await iterator.next() else { return nil }
            pending.append(contentsOf: chunk.readableBytesView)
        }
    }

    /// Skips events until one matches; fails if the stream ends first.
    mutating func next(
        _ awaited: String,
        where predicate: (ServerSentEvent) -> Bool
    ) async throws -> ServerSentEvent {
        var seen: [ServerSentEvent] = []
        while let event = try await next() {
            if predicate(event) { return event }
            seen.append(event)
        }
        throw StreamEnded(awaited: awaited, seen: seen)
    }

    /// Skips events until the status turns `status`.
    @discardableResult
    mutating func waitForStatus(_ status: String) async throws -> ServerSentEvent {
        try await next("status \(status)") { $0.isStatusChange && $0.string("status") == status }
    }

    /// The next `count` events.
    mutating func take(_ count: Int) async throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        while events.count < count {
            let event = try #require(try await next(), "stream ended after \(events)")
            events.append(event)
        }
        return events
    }

    private func frameEnd() -> Int? {
        guard pending.count >= 2 else { return nil }
        for index in 0..<(pending.count - 1) where pending[index] == 10 && pending[index + 1] == 10 {
            return index
        }
        return nil
    }

    private static func parse(_ frame: String) -> ServerSentEvent {
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var name = "message"
        var data: [String] = []
        for line in lines {
            if line.hasPrefix("event: ") {
                name = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                data.append(String(line.dropFirst(6)))
            }
        }
        return ServerSentEvent(name: name, data: data.joined(separator: "\n"), lines: lines)
    }
}
