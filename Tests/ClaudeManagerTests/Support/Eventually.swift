import Foundation
import Testing

/// Polls `condition` until it holds or `timeout` passes; records an issue and returns `false` on timeout.
@discardableResult
func eventually(
    timeout: Duration = .seconds(30),
    _ message: @autoclosure () -> String = "condition not met in time",
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    if try await condition() { return true }
    Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation)
    return false
}
