import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ScopedServices
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
        try await withListeningService(
            logger: logger,
            stoppedBeforeListening: TLSTestServerError.stoppedBeforeListening,
            makeService: { onListening in
                Application(
                    responder: AnswerResponder(),
                    server: try .tls(.http1(), tlsConfiguration: tlsConfiguration),
                    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { channel in onListening("127.0.0.1", channel.localAddress?.port ?? 0) },
                    logger: logger
                )
            },
            body: { _, listening in
                try await body(listening.port)
            }
        )
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
