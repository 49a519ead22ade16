import Synchronization

/// Remembers, for a couple of seconds, whom a bearer credential belongs to, so busy clients do not cost a database
/// read per request; any change to users, tokens or sessions on this replica clears it. Other replicas sharing the
/// database notice such a change when their entry expires, within ``lifetime``.
final class CredentialCache: Sendable {
    /// The longest an entry is trusted.
    let lifetime: Duration
    private let capacity: Int
    private let state = Mutex<State>(State())

    private struct State {
        var entries: [String: (authentication: Authentication, expires: ContinuousClock.Instant)] = [:]
        /// Bumped by every ``removeAll()``, so a lookup that began before it is not remembered after it.
        var generation = 0
    }

    init(lifetime: Duration = .seconds(2), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The authentication cached for `credential`, or `nil` when absent or expired.
    func authentication(for credential: String) -> Authentication? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let entry = state.entries[credential] else { return nil }
            guard entry.expires > now else {
                state.entries[credential] = nil
                return nil
            }
            return entry.authentication
        }
    }

    /// The current generation; pass it to ``remember(_:for:ifGeneration:)`` after looking a credential up.
    var generation: Int {
        state.withLock { $0.generation }
    }

    /// Caches `authentication` unless the cache was cleared since `generation` was read.
    func remember(_ authentication: Authentication, for credential: String, ifGeneration generation: Int) {
        let expires = ContinuousClock.now.advanced(by: lifetime)
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[credential] = (authentication, expires)
        }
    }

    /// Forgets everything, after a user, token or session changed.
    func removeAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation &+= 1
        }
    }
}
