import Foundation
import Logging
import Testing

@testable import ClaudeManager

/// The database closes even when shutdown comes as cancellation (a test that fails inside a running app, or a
/// service group torn down), so SQLiteNIO's check on unclosed connections never stops the process.
@Suite("Database connection")
struct DatabaseConnectionTests {
    @Test func aSQLiteConnectionClosesInACancelledTask() async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-close")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let connection = try await DatabaseConnection.open(
            url: (directory as NSString).appendingPathComponent("close.sqlite"),
            logger: Logger(label: "close-test")
        )
        let outcome = await Task { () -> String? in
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                try await connection.close()
                return nil
            } catch {
                return "\(error)"
            }
        }.value
        #expect(outcome == nil, "closing failed: \(outcome ?? "")")
    }
}
