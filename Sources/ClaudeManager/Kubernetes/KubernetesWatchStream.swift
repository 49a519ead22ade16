import AsyncHTTPClient
import Foundation

/// The events of one watch, decoded from its newline-delimited JSON; iterate it once.
///
/// It ends when the server ends the watch (`timeoutSeconds`, a dropped connection) and throws for an `ERROR`
/// event or a broken connection. Cancelling the iterating task closes the request.
package struct KubernetesWatchStream<Object: Decodable & Sendable>: AsyncSequence, Sendable {
    package typealias Element = KubernetesWatchEvent<Object>

    let body: HTTPClientResponse.Body
    let resource: KubernetesResourceKind

    /// The events of a watch answer's `body`; `KubernetesClient.watch` makes these.
    package init(body: HTTPClientResponse.Body, resource: KubernetesResourceKind) {
        self.body = body
        self.resource = resource
    }

    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: KubernetesLineReader(body), resource: resource)
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        var lines: KubernetesLineReader
        let resource: KubernetesResourceKind
        private var isFinished = false

        init(lines: KubernetesLineReader, resource: KubernetesResourceKind) {
            self.lines = lines
            self.resource = resource
        }

        package mutating func next() async throws -> Element? {
            while !isFinished {
                let line: [UInt8]?
                do {
                    line = try await lines.next()
                } catch {
                    isFinished = true
                    throw KubernetesError.streamFailure(error, what: "the \(resource) watch")
                }
                guard let line else {
                    isFinished = true
                    return nil
                }
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                do {
                    return try decode(Data(line))
                } catch {
                    isFinished = true
                    throw error
                }
            }
            return nil
        }

        private func decode(_ line: Data) throws -> Element {
            let decoder = JSONDecoder()
            do {
                let type = try decoder.decode(EventType.self, from: line).type
                switch type {
                case "ADDED": return .added(try decoder.decode(Event<Object>.self, from: line).object)
                case "MODIFIED": return .modified(try decoder.decode(Event<Object>.self, from: line).object)
                case "DELETED": return .deleted(try decoder.decode(Event<Object>.self, from: line).object)
                case "BOOKMARK":
                    let metadata = try decoder.decode(Event<KubernetesMetadataEnvelope>.self, from: line).object
                        .metadata
                    return .bookmark(resourceVersion: metadata.resourceVersion ?? "")
                case "ERROR":
                    let status = try decoder.decode(Event<KubernetesStatus>.self, from: line).object
                    throw KubernetesError(status: status)
                default:
                    throw KubernetesError.decoding(message: "the \(resource) watch sent an unknown event type \(type)")
                }
            } catch let error as KubernetesError {
                throw error
            } catch {
                throw KubernetesError.decoding(message: "cannot decode a \(resource) watch event: \(error)")
            }
        }
    }

    private struct EventType: Decodable {
        var type: String
    }

    private struct Event<Value: Decodable>: Decodable {
        var object: Value
    }
}

extension KubernetesError {
    /// A stream that broke after it started; cancellation stays cancellation.
    static func streamFailure(_ error: any Error, what: String) -> any Error {
        if error is KubernetesError || error is CancellationError { return error }
        if Task.isCancelled || (error as? HTTPClientError) == .cancelled { return CancellationError() }
        return KubernetesError.transport(message: "\(what) broke off: \(error)")
    }
}
