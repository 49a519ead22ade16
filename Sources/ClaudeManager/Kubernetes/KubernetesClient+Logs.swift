import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Container logs.
extension KubernetesClient {
    /// The container's log as text (the last `tailLines` lines when given; the previous run's when `isPrevious`).
    ///
    /// A container that has not started throws ``KubernetesError/badRequest(message:)`` with the server's
    /// `…is waiting to start: ContainerCreating`; a missing pod throws ``KubernetesError/notFound(message:)``.
    package func logs(
        namespace: String,
        pod: String,
        container: String? = nil,
        tailLines: Int? = nil,
        isPrevious: Bool = false
    ) async throws -> String {
        let call = logCall(
            namespace: namespace,
            pod: pod,
            container: container,
            tailLines: tailLines,
            isPrevious: isPrevious,
            follow: false
        )
        return String(buffer: try await perform(call).body)
    }

    /// Follows the container's log: the lines so far (the last `tailLines` when given), then new ones as they
    /// are written, until the pod goes away or the iterating task is cancelled.
    package func followLogs(
        namespace: String,
        pod: String,
        container: String? = nil,
        tailLines: Int? = nil
    ) async throws -> KubernetesLogStream {
        let call = logCall(
            namespace: namespace,
            pod: pod,
            container: container,
            tailLines: tailLines,
            isPrevious: false,
            follow: true
        )
        return KubernetesLogStream(body: try await open(call).body, pod: pod)
    }

    private func logCall(
        namespace: String,
        pod: String,
        container: String?,
        tailLines: Int?,
        isPrevious: Bool,
        follow: Bool
    ) -> KubernetesCall {
        let query = KubernetesQuery.string([
            ("container", container),
            ("tailLines", tailLines.map(String.init)),
            ("previous", isPrevious ? "true" : nil),
            ("follow", follow ? "true" : nil),
        ])
        var call = KubernetesCall(
            .get,
            .GET,
            KubernetesResourceKind.pods.path(namespace: namespace, name: pod, subresource: "log") + query
        )
        call.accept = "text/plain"
        return call
    }
}
