import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// The handlers behind each method and path.
extension KubernetesAPIResponder {
    func dispatch(_ request: Request, route: APIRoute, query: [String: String]) async throws -> Response {
        guard let key = route.key else {
            switch request.method {
            case .get:
                if Self.isTrue(query["watch"]) { return try await watch(route, query: query, request: request) }
                return try await list(route, query: query)
            case .post:
                let body = try await Self.body(of: request)
                let object = try await store.create(route.resource, namespace: route.namespace, object: body)
                return Self.json(object, status: .created)
            default:
                throw KubernetesAPIError.methodNotAllowed()
            }
        }
        switch (route.subresource, request.method) {
        case (nil, .get):
            return Self.json(try await store.get(key), status: .ok)
        case (nil, .delete):
            return Self.json(try await store.delete(key), status: .ok)
        case (nil, .patch):
            return try await patch(key, request: request, query: query)
        case ("scale", .get):
            return Self.json(try await store.scale(key), status: .ok)
        case ("scale", .patch), ("scale", .put):
            let body = try await Self.body(of: request)
            guard let replicas = body[path: ["spec", "replicas"]]?.intValue else {
                throw KubernetesAPIError.badRequest("the scale patch must set spec.replicas to an integer")
            }
            let scale = try await store.setScale(
                key,
                replicas: replicas,
                manager: Self.manager(of: request, query: query)
            )
            return Self.json(scale, status: .ok)
        case ("log", .get) where Self.isTrue(query["follow"]):
            let (id, lines, continuation) = try await store.followLogs(
                namespace: route.namespace,
                pod: key.name,
                container: query["container"],
                tailLines: query["tailLines"].flatMap { Int($0) }
            )
            let store = self.store
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            let body = Self.streaming(lines, continuation: continuation, request: request) {
                await store.endFollowing(id)
            }
            return Response(status: .ok, headers: headers, body: body)
        case ("log", .get):
            let text = try await store.logs(
                namespace: route.namespace,
                pod: key.name,
                container: query["container"],
                tailLines: query["tailLines"].flatMap { Int($0) }
            )
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        default:
            throw KubernetesAPIError.methodNotAllowed()
        }
    }

    private func list(_ route: APIRoute, query: [String: String]) async throws -> Response {
        let labelSelector = try LabelSelector(parsing: query["labelSelector"] ?? "")
        let fieldSelector = try query["fieldSelector"].map { try FieldSelector(parsing: $0) }
        let list = try await store.list(
            route.resource,
            namespace: route.namespace,
            labelSelector: labelSelector,
            fieldSelector: fieldSelector,
            limit: query["limit"].flatMap { Int($0) },
            continueToken: query["continue"]
        )
        return Self.json(list, status: .ok)
    }

    private func patch(_ key: ObjectStore.Key, request: Request, query: [String: String]) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingWhitespace() } ?? ""
        switch mediaType {
        case "application/apply-patch+yaml", "application/apply-patch+json":
            let manager = try Self.applyManager(query["fieldManager"])
            let body = try await Self.body(of: request)
            let result = try await store.apply(key, body: body, manager: manager, isForced: Self.isTrue(query["force"]))
            return Self.json(result.object, status: result.isCreated ? .created : .ok)
        case "application/merge-patch+json", "application/strategic-merge-patch+json":
            let body = try await Self.body(of: request)
            let object = try await store.mergePatch(key, patch: body, manager: Self.manager(of: request, query: query))
            return Self.json(object, status: .ok)
        default:
            throw KubernetesAPIError.unsupportedMediaType(contentType)
        }
    }

    private func watch(_ route: APIRoute, query: [String: String], request: Request) async throws -> Response {
        let requestedVersion = query["resourceVersion"].flatMap { Int($0) }
        let labelSelector = try LabelSelector(parsing: query["labelSelector"] ?? "")
        let fieldSelector = try query["fieldSelector"].map { try FieldSelector(parsing: $0) }
        let (id, lines, continuation) = await store.watch(
            route.resource,
            namespace: route.namespace,
            labelSelector: labelSelector,
            fieldSelector: fieldSelector,
            resourceVersion: requestedVersion,
            allowsBookmarks: Self.isTrue(query["allowWatchBookmarks"]),
            timeout: query["timeoutSeconds"].flatMap { Int($0) }.map { Duration.seconds($0) }
        )
        let store = self.store
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body = Self.streaming(lines, continuation: continuation, request: request) {
            await store.endWatch(id)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A chunked body writing `lines` until they end, the client goes away or the server shuts down; then `onEnd`.
    private static func streaming(
        _ lines: AsyncStream<String>,
        continuation: AsyncStream<String>.Continuation,
        request: Request,
        onEnd: @escaping @Sendable () async -> Void
    ) -> ResponseBody {
        ResponseBody { writer in
            do {
                try await request.body.consumeWithInboundCloseHandler { _ in
                    try await withGracefulShutdownHandler {
                        for await line in lines {
                            try await writer.write(ByteBuffer(string: line))
                        }
                    } onGracefulShutdown: {
                        continuation.finish()
                    }
                } onInboundClosed: {
                    continuation.finish()
                }
            } catch {
                await onEnd()
                throw error
            }
            await onEnd()
            try await writer.finish(nil)
        }
    }

    /// The `fieldManager` of an apply: required, at most 128 characters (else 422).
    private static func applyManager(_ manager: String?) throws(KubernetesAPIError) -> String {
        guard let manager, !manager.isEmpty else {
            throw KubernetesAPIError(
                code: 422,
                reason: "Invalid",
                message: "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch",
                group: "meta.k8s.io",
                kind: "PatchOptions",
                causes: [
                    .init(
                        reason: "FieldValueRequired",
                        message: "Required value: is required for apply patch",
                        field: "fieldManager"
                    )
                ]
            )
        }
        guard manager.count <= 128 else {
            throw KubernetesAPIError(
                code: 422,
                reason: "Invalid",
                message:
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes",
                group: "meta.k8s.io",
                kind: "PatchOptions",
                causes: [
                    .init(
                        reason: "FieldValueTooLong",
                        message: "Too long: may not be more than 128 bytes",
                        field: "fieldManager"
                    )
                ]
            )
        }
        return manager
    }

    /// The manager of a non-apply write: `fieldManager`, else the User-Agent's program name, else `unknown`.
    private static func manager(of request: Request, query: [String: String]) -> String {
        if let manager = query["fieldManager"], !manager.isEmpty { return manager }
        let agent = request.headers[.userAgent].flatMap { $0.split(separator: "/").first.map(String.init) }
        return agent ?? "unknown"
    }
}
