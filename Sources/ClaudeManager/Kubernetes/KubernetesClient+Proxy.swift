import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// Raw requests through the API server, e.g. to an agent through the service proxy (PROTOCOLS.md 3.7).
extension KubernetesClient {
    /// The full URL of `path` on `service`'s `port` through the API server's service proxy, e.g.
    /// `…/api/v1/namespaces/NS/services/NAME:3284/proxy/status`. `path` is used as given (encode it yourself).
    package func serviceProxyURL(namespace: String, service: String, port: Int, path: String) -> String {
        let servicePath = KubernetesResourceKind.services.path(namespace: namespace, name: "\(service):\(port)")
        let suffix = path.hasPrefix("/") ? path : "/" + path
        return baseURL + servicePath + "/proxy" + suffix
    }

    /// Sends `request` with the client's credentials and returns the answer of any status, body still streaming.
    ///
    /// A `request.url` starting with `/` is taken relative to the API server. Nothing is retried except one
    /// resend after a 401 that made the client reload its token file, so give it a body that can be sent twice.
    /// `timeout` bounds the wait for the answer's head; `nil` waits as long as the task runs (streams).
    package func send(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws -> HTTPClientResponse {
        var request = request
        if request.url.hasPrefix("/") { request.url = baseURL + request.url }
        if !request.headers.contains(name: "User-Agent") {
            request.headers.add(name: "User-Agent", value: "claude-manager")
        }
        var hasReloadedCredentials = false
        while true {
            let response: HTTPClientResponse
            do {
                if let authorization = try credentials.authorization() {
                    request.headers.replaceOrAdd(name: "Authorization", value: authorization)
                }
                stats.record(.proxy)
                let deadline = timeout.map { NIODeadline.now() + Self.timeAmount($0) } ?? .distantFuture
                response = try await httpClient.execute(request, deadline: deadline)
            } catch let error as KubernetesError {
                throw error
            } catch {
                if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled {
                    throw CancellationError()
                }
                throw transportFailure(error).0
            }
            logger.debug(
                "Kubernetes proxied request",
                metadata: [
                    "http.method": "\(request.method.rawValue)",
                    "http.status": "\(response.status.code)",
                ]
            )
            guard response.status == .unauthorized, !hasReloadedCredentials, credentials.invalidate() else {
                return response
            }
            hasReloadedCredentials = true
            _ = try await response.body.collect(upTo: 1 << 20)
            stats.recordRetry()
        }
    }
}
