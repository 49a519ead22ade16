import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// A tiny HTTPS server for TLS tests: it answers every request with 200 and ``answer`` (JSON), so a client's
/// trust roots, client certificate and server-name settings can be tried against real certificates.
package enum TLSTestServer {
    /// What every request gets: a ConfigMap named `tls`.
    package static let answer = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"tls"}}"#

    /// Serves HTTPS on `127.0.0.1:0` with `tlsConfiguration` while `body` runs, then shuts down.
    ///
    /// - Parameter body: gets the bound port.
    package static func withRunning<Result>(
        tlsConfiguration: TLSConfiguration,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (_ port: Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: AnswerResponder(),
            server: try .tls(.http1(), tlsConfiguration: tlsConfiguration),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(services: [application], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
            tasks.addTask {
                defer { portContinuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()
                throw TLSTestServerError.stoppedBeforeListening
            }
            let result: Result
            do {
                result = try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    private struct AnswerResponder: HTTPResponder {
        typealias Context = BasicRequestContext

        func respond(to request: Request, context: Context) async throws -> Response {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: TLSTestServer.answer))
            )
        }
    }
}

/// The TLS test server stopped before it listened.
package enum TLSTestServerError: Error {
    case stoppedBeforeListening
}
