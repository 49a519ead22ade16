import AsyncHTTPClient
import NIOHTTP1

/// Watching objects.
extension KubernetesClient {
    /// Opens a watch (PROTOCOLS.md 3.4). Without `resourceVersion` (or with `"0"`) every current object is first
    /// replayed as `added`; with one, only later changes arrive. An HTTP 410, or an `ERROR` event with a 410
    /// `Status`, throws ``KubernetesError/gone(message:)``: relist and watch from the list's version.
    ///
    /// Opening is retried like a read; the stream itself has no read timeout and ends with its task's cancellation.
    package func watch<Object: Decodable & Sendable>(
        _ resource: KubernetesResourceKind,
        namespace: String,
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        resourceVersion: String? = nil,
        allowBookmarks: Bool = true,
        timeoutSeconds: Int? = nil,
        as type: Object.Type = Object.self
    ) async throws -> KubernetesWatchStream<Object> {
        let query = KubernetesQuery.string([
            ("watch", "1"),
            ("resourceVersion", resourceVersion.flatMap { $0.isEmpty ? nil : $0 }),
            ("allowWatchBookmarks", allowBookmarks ? "true" : nil),
            ("labelSelector", labelSelector.flatMap { $0.isEmpty ? nil : $0 }),
            ("fieldSelector", fieldSelector.flatMap { $0.isEmpty ? nil : $0 }),
            ("timeoutSeconds", timeoutSeconds.map(String.init)),
        ])
        let response = try await open(KubernetesCall(.watch, .GET, resource.path(namespace: namespace) + query))
        return KubernetesWatchStream(body: response.body, resource: resource)
    }
}
