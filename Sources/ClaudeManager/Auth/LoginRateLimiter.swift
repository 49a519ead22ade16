import Foundation
import Synchronization

/// Allows a bounded number of login attempts per window from each client address (IPv6: each /64) and for each
/// account (email).
///
/// Each table keeps at most `capacity` keys: keys live in two generations, and when the newer one is half full the
/// older one, holding the keys least recently seen, is dropped. So a spray of distinct addresses or emails costs
/// bounded memory, and can only make the limiter forget the keys that were quiet the longest (a refused attempt
/// counts as activity, so a key that keeps trying stays).
package final class LoginRateLimiter: Sendable {
    private let addressLimit: Int
    private let accountLimit: Int
    private let window: TimeInterval
    private let tables: Mutex<(addresses: AttemptTable, accounts: AttemptTable)>

    package init(addressLimit: Int, accountLimit: Int, window: TimeInterval = 60, capacity: Int = 20_000) {
        self.addressLimit = addressLimit
        self.accountLimit = accountLimit
        self.window = window
        let table = AttemptTable(capacity: capacity)
        self.tables = Mutex((table, table))
    }

    /// Records an attempt from `address` for `account`; throws ``AuthError/rateLimited(retryAfterSeconds:)``, and
    /// records nothing, when either has used up its limit.
    package func recordAttempt(from address: String, for account: String, at now: Date = Date()) throws {
        let address = Self.key(forAddress: address)
        let retryAfter: Int? = tables.withLock { tables in
            let fromAddress = tables.addresses.recentAttempts(address, now: now, window: window)
            let forAccount = tables.accounts.recentAttempts(account, now: now, window: window)
            var waits: [Int] = []
            if fromAddress.count >= addressLimit { waits.append(wait(after: fromAddress, now: now)) }
            if forAccount.count >= accountLimit { waits.append(wait(after: forAccount, now: now)) }
            if let longest = waits.max() {
                tables.addresses.store(fromAddress, for: address)  // refused attempts keep a key among the newest
                tables.accounts.store(forAccount, for: account)
                return longest
            }
            tables.addresses.store(fromAddress + [now], for: address)
            tables.accounts.store(forAccount + [now], for: account)
            return nil
        }
        if let retryAfter { throw AuthError.rateLimited(retryAfterSeconds: retryAfter) }
    }

    /// The key an address is limited by: an IPv4 address itself, an IPv6 address's /64 network (one host usually
    /// holds a whole /64), anything else as given.
    package static func key(forAddress address: String) -> String {
        guard let bytes = IPAddressRange.bytes(of: address) else { return address }
        guard bytes.count == 16 else { return IPAddressRange.text(of: bytes) ?? address }
        let network = Array(bytes.prefix(8)) + Array(repeating: 0, count: 8)
        return (IPAddressRange.text(of: network) ?? address) + "/64"
    }

    /// How many addresses and accounts the limiter holds.
    package var trackedKeys: (addresses: Int, accounts: Int) {
        tables.withLock { ($0.addresses.count, $0.accounts.count) }
    }

    /// Seconds until the oldest of `attempts` leaves the window.
    private func wait(after attempts: [Date], now: Date) -> Int {
        let oldest = attempts.min() ?? now
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }
}

/// Recent attempt times by key, in two generations that together hold at most `capacity` keys.
private struct AttemptTable {
    let capacity: Int
    private var current: [String: [Date]] = [:]
    private var previous: [String: [Date]] = [:]

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    var count: Int { current.count + previous.count }

    /// The attempts of `key` within `window` before `now`.
    func recentAttempts(_ key: String, now: Date, window: TimeInterval) -> [Date] {
        (current[key] ?? previous[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }

    /// Saves the attempts of `key` in the newer generation, retiring the older one when the newer is half full.
    mutating func store(_ attempts: [Date], for key: String) {
        previous[key] = nil
        current[key] = attempts
        if current.count >= capacity / 2 {
            previous = current
            current = [:]
        }
    }
}
