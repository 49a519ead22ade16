import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers the Kubernetes API paths the manager uses: counts and faults every request, then dispatches it.
struct KubernetesAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let store: ObjectStore
    let faults: FaultInjector

    func respond(to request: Request, context: Context) async throws -> Response {
        if Self.isControlPath(request.uri.path) { return try await control(request) }
        let query = Self.query(of: request)
        let route: APIRoute
        do {
            route = try APIRoute(path: request.uri.path)
        } catch {
            faults.record(KubernetesRequest(verb: request.method.rawValue.lowercased(), path: request.uri.path))
            if request.uri.path == "/version" { return Self.json(Self.version, status: .ok) }
            return error.response()
        }
        let decision = faults.begin(
            KubernetesRequest(verb: Self.verb(request.method, route: route, query: query), path: request.uri.path)
        )
        if decision.latency > .zero {
            try await Task.sleep(for: decision.latency)
        }
        if let token = decision.requiredBearerToken, request.headers[.authorization] != "Bearer \(token)" {
            faults.recordInjectedError(401, for: decision.request)
            return KubernetesAPIError(code: 401, reason: "Unauthorized", message: "Unauthorized").response()
        }
        if let code = decision.errorCode {
            faults.recordInjectedError(code, for: decision.request)
            return KubernetesAPIError.injected(code: code, request: decision.number).response()
        }
        do {
            return try await dispatch(request, route: route, query: query)
        } catch let error as KubernetesAPIError {
            return error.response()
        }
    }

    /// What `GET /version` answers.
    static let version: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0", "platform": "linux/amd64",
    ]

    /// The RBAC verb of a request (PROTOCOLS.md 3.9).
    static func verb(_ method: HTTPRequest.Method, route: APIRoute, query: [String: String]) -> String {
        switch method {
        case .get:
            if route.name != nil { return "get" }
            return Self.isTrue(query["watch"]) ? "watch" : "list"
        case .post: return "create"
        case .put: return "update"
        case .patch: return "patch"
        case .delete: return "delete"
        default: return method.rawValue.lowercased()
        }
    }

    static func isTrue(_ value: String?) -> Bool {
        value == "1" || value == "true"
    }

    static func query(of request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where query[String(key)] == nil {
            query[String(key)] = String(value)
        }
        return query
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encodedBytes()))
        )
    }

    /// The request body as JSON; 400 when it is not.
    static func body(of request: Request) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: 8 << 20)
        do {
            return try JSONValue(data: Data(buffer.readableBytesView))
        } catch {
            throw KubernetesAPIError.badRequest("the request body is not valid JSON")
        }
    }
}

extension FaultInjector {
    /// Counts a request that faults do not apply to (unserved paths).
    func record(_ request: KubernetesRequest) {
        _ = begin(request)
    }
}
