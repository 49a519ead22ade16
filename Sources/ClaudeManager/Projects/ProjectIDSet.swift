import Synchronization

/// A set of project ids shared between tasks.
final class ProjectIDSet: Sendable {
    private let ids = Mutex<Set<String>>([])

    func insert(_ id: String) {
        ids.withLock { _ = $0.insert(id) }
    }

    /// Removes `id`; `true` when it was there.
    func remove(_ id: String) -> Bool {
        ids.withLock { $0.remove(id) != nil }
    }
}
