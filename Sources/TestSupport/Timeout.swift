/// The operation did not finish in time.
package struct TimeoutError: Error, CustomStringConvertible {
    package let timeout: Duration
    package var description: String { "timed out after \(timeout)" }

    package init(timeout: Duration) {
        self.timeout = timeout
    }
}

/// Runs `operation`, cancelling it and throwing `TimeoutError` if it outlasts `timeout`.
package func withTimeout<T: Sendable>(
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
