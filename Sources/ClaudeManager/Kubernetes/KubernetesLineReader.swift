import AsyncHTTPClient
import NIOCore

/// Splits a streaming body into newline-terminated lines; a line may span chunks.
struct KubernetesLineReader {
    private var chunks: HTTPClientResponse.Body.AsyncIterator
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var start = 0
    private var isFinished = false

    init(_ body: HTTPClientResponse.Body) {
        chunks = body.makeAsyncIterator()
    }

    /// The next line without its `\n` (and `\r`), the unterminated rest once the body ends, then `nil`.
    mutating func next() async throws -> [UInt8]? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                compact()
                return line
            }
            searchFrom = buffer.count
            if isFinished { return nil }
            guard let chunk = try await chunks.next() else {
                isFinished = true
                guard start < buffer.count else { return nil }
                let rest = Array(buffer[start...])
                start = buffer.count
                return rest
            }
            buffer.append(contentsOf: chunk.readableBytesView)
        }
    }

    /// Drops consumed bytes once they outweigh the rest.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096, start > buffer.count / 2 {
            buffer.removeSubrange(..<start)
            start = 0
        }
    }
}
