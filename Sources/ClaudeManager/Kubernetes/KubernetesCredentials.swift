import Foundation
import Synchronization

/// The bearer token of a connection: fixed, or read from a file that is re-read every refresh interval and on
/// demand after a 401 (the kubelet rotates service-account tokens).
final class KubernetesCredentials: Sendable {
    private struct State {
        var token: String?
        var loadedAt: ContinuousClock.Instant?
    }

    private let source: KubernetesConnection.Credentials
    private let refreshInterval: Duration
    private let state = Mutex(State())

    init(_ source: KubernetesConnection.Credentials, refreshInterval: Duration) {
        self.source = source
        self.refreshInterval = refreshInterval
    }

    /// The `Authorization` header value, or `nil` without credentials.
    func authorization() throws -> String? {
        switch source {
        case .none:
            return nil
        case .token(let token):
            return "Bearer \(token)"
        case .tokenFile(let path):
            let now = ContinuousClock.now
            let cached = state.withLock { state -> String? in
                guard let loadedAt = state.loadedAt, now - loadedAt < refreshInterval else { return nil }
                return state.token
            }
            if let cached { return "Bearer \(cached)" }
            return "Bearer \(try load(path, at: now))"
        }
    }

    /// Forgets a cached token so the next request reads the file again; `false` when there is nothing to reload.
    func invalidate() -> Bool {
        guard case .tokenFile = source else { return false }
        state.withLock { $0.loadedAt = nil }
        return true
    }

    private func load(_ path: String, at now: ContinuousClock.Instant) throws -> String {
        let token: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw KubernetesError.transport(
                message: "cannot read the token file \(path): \(error.localizedDescription)"
            )
        }
        state.withLock { $0 = State(token: token, loadedAt: now) }
        return token
    }
}
