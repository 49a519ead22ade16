import Synchronization

/// Remembers, for a couple of seconds, which user a bearer credential belongs to, so busy clients do not cost a
/// database read per request; any change to users or tokens clears it.
final class CredentialCache: Sendable {
    private let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[String: (user: User, expires: ContinuousClock.Instant)]>([:])

    init(lifetime: Duration = .seconds(2), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The user cached for `credential`, or `nil` when absent or expired.
    func user(for credential: String) -> User? {
        let now = ContinuousClock.now
        return entries.withLock { table in
            guard let entry = table[credential] else { return nil }
            guard entry.expires > now else {
                table[credential] = nil
                return nil
            }
            return entry.user
        }
    }

    func remember(_ user: User, for credential: String) {
        let expires = ContinuousClock.now.advanced(by: lifetime)
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[credential] = (user, expires)
        }
    }

    /// Forgets everything, after a user or token changed.
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
