import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt at one work factor, on the thread pool; every check is reported to
/// `onVerify` with the work factor of the hash it ran against.
package struct PasswordHasher: Sendable {
    /// The bcrypt work factor (`BCRYPT_COST`).
    package let cost: Int
    /// A hash at ``cost`` that no password matches, checked when the email is unknown so that an unknown email costs
    /// the same work as a known one.
    let unmatchableHash: String
    private let onVerify: @Sendable (_ cost: Int) -> Void

    /// Prepares a hasher; computes the unmatchable hash once, at `cost`.
    package static func make(
        cost: Int,
        onVerify: @escaping @Sendable (_ cost: Int) -> Void = { _ in }
    ) async throws
        -> PasswordHasher
    {
        let random = TokenHasher.randomURLSafeString(byteCount: 24)
        let factor = UInt8(clamping: cost)
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(random, cost: factor) }
        return PasswordHasher(cost: cost, unmatchableHash: hash, onVerify: onVerify)
    }

    func hash(_ password: String) async throws -> String {
        let factor = UInt8(clamping: cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: factor) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        onVerify(Self.cost(of: hash) ?? 0)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Whether `hash` was made at another work factor than ``cost`` and should be replaced at the next login.
    func needsRehash(_ hash: String) -> Bool {
        Self.cost(of: hash) != cost
    }

    /// The work factor of a modular-crypt bcrypt hash (`$2b$12$…`), or `nil` when `hash` is not one.
    package static func cost(of hash: String) -> Int? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0].hasPrefix("2") else { return nil }
        return Int(parts[1])
    }
}
