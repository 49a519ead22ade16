/// The operation did not finish in time.
package struct TimeoutError: Error, CustomStringConvertible {
    package let timeout: Duration
    /// What was awaited, when known.
    package var condition: String?
    package var description: String {
        condition.map { "timed out after \(timeout) waiting for \($0)" } ?? "timed out after \(timeout)"
    }

    package init(timeout: Duration, waitingFor condition: String? = nil) {
        self.timeout = timeout
        self.condition = condition
    }
}

/// Polls `condition` every `interval` until it holds; after `timeout` throws ``TimeoutError`` naming `what`. For
/// test bodies that cannot go on without the condition (the thrown error fails the test).
package func pollUntil(
    _ what: String,
    timeout: Duration,
    every interval: Duration,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    if try await condition() { return }
    throw TimeoutError(timeout: timeout, waitingFor: what)
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
