import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a status and a JSON body `{error, details}`; unexpected ones are logged once and answered 500.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            var request = request
            if request.uri.path.hasPrefix("/api/") {
                request.body = .init(buffer: try await request.body.collect(upTo: context.maxUploadSize))
            }
            return try await next(request, context)
        } catch {
            let problem = APIProblem(error)
            if problem.status.code >= 500 {
                context.logger.error(
                    "unhandled error",
                    metadata: ["error.type": "\(type(of: error))", "error.message": "\(String(reflecting: error))"]
                )
            }
            return problem.response()
        }
    }
}

/// The status, headers and JSON body an error is answered with.
struct APIProblem: Sendable {
    var status: HTTPResponse.Status
    var message: String
    var details: [FieldIssue] = []
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, message: String, details: [FieldIssue] = []) {
        self.status = status
        self.message = message
        self.details = details
    }

    func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body())))
    }

    func body() -> [UInt8] {
        struct Body: Encodable {
            var error: String
            var details: [Detail]?
        }
        struct Detail: Encodable {
            var field: String
            var message: String
        }
        let body = Body(
            error: message,
            details: details.isEmpty ? nil : details.map { Detail(field: $0.field, message: $0.message) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // nil: encoding strings cannot fail; the fallback keeps the answer JSON regardless
        return (try? encoder.encode(body)).map(Array.init) ?? Array(#"{"error":"internal error"}"#.utf8)
    }
}
