import AsyncHTTPClient

/// The lines of a followed container log, without their newlines; iterate it once.
///
/// It ends when the server ends the log (the pod went away) and stops when the iterating task is cancelled.
package struct KubernetesLogStream: AsyncSequence, Sendable {
    package typealias Element = String

    let body: HTTPClientResponse.Body
    let pod: String

    /// The lines of a log answer's `body`; `pod` names it in errors.
    package init(body: HTTPClientResponse.Body, pod: String) {
        self.body = body
        self.pod = pod
    }

    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: KubernetesLineReader(body), pod: pod)
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        var lines: KubernetesLineReader
        let pod: String

        package mutating func next() async throws -> String? {
            do {
                return try await lines.next().map { String(decoding: $0, as: UTF8.self) }
            } catch {
                throw KubernetesError.streamFailure(error, what: "the log of pod \(pod)")
            }
        }
    }
}
