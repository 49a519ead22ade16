/// The operation did not finish in time.
struct TimeoutError: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "timed out after \(timeout)" }
}

/// Runs `operation`, cancelling it and throwing `TimeoutError` if it outlasts `timeout`.
func withTimeout<T: Sendable>(
    _ timeout: Duration,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TimeoutError(timeout: timeout)
        }
        return value
    }
}
