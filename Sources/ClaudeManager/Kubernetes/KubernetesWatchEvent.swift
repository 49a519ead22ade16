/// One change from a watch stream (PROTOCOLS.md 3.4).
///
/// `ERROR` events are not events here: they end the stream with a thrown ``KubernetesError``, a 410 `Expired`
/// one as ``KubernetesError/gone(message:)`` (drop the cache, relist, watch from the new version).
package enum KubernetesWatchEvent<Object: Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Nothing changed up to `resourceVersion`; resume from it.
    case bookmark(resourceVersion: String)

    /// The object of an added, modified or deleted event.
    package var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): object
        case .bookmark: nil
        }
    }
}

extension KubernetesWatchEvent: Equatable where Object: Equatable {}
