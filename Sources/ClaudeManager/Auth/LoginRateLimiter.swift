import Foundation
import Synchronization

/// Allows a bounded number of login attempts per client address per minute.
package final class LoginRateLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let attempts = Mutex<[String: [Date]]>([:])

    package init(limit: Int, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt from `address`; throws ``AuthError/rateLimited(retryAfterSeconds:)`` past the limit.
    package func recordAttempt(from address: String, at now: Date = Date()) throws {
        let retryAfter: Int? = attempts.withLock { table in
            if table.count > 10_000 {
                table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            }
            var recent = (table[address] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count < limit else {
                table[address] = recent
                let oldest = recent.min() ?? now
                return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            recent.append(now)
            table[address] = recent
            return nil
        }
        if let retryAfter { throw AuthError.rateLimited(retryAfterSeconds: retryAfter) }
    }
}
