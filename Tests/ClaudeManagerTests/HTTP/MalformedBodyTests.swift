import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every write operation of `openapi.yaml` fed bodies that are broken in each way: never a 5xx, and every 400 and
/// 413 names what is wrong in `details`.
@Suite("Malformed bodies")
struct MalformedBodyTests {
    static let bodies: [(label: String, raw: String)] = [
        ("malformed", #"{"name": "x","#),
        ("not an object", "[1, 2, 3]"),
        ("wrong types", #"{"name": 5, "email": [], "password": {}, "gitRepository": 7, "type": 1, "role": true}"#),
        ("unknown field", #"{"colour-of-the-day": "blue"}"#),
        ("oversized", #"{"name": ""# + String(repeating: "x", count: 1_100_000) + #""}"#),
    ]

    @Test func everyWriteOperationAnswers4xxWithDetails() async throws {
        // logout ends the session the others use, so it goes last.
        let operations = try SpecOperation.all().filter { $0.isWrite && $0.operationID != "login" }
            .sorted { ($0.operationID == "logout" ? 1 : 0) < ($1.operationID == "logout" ? 1 : 0) }
        #expect(operations.filter(\.hasBody).count >= 8, "the spec scanner found the request bodies")
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            var problems: [String] = []
            for operation in operations {
                for body in Self.bodies {
                    let response = try await admin.send(
                        HTTPRequest.Method(operation.method.uppercased()) ?? .post,
                        operation.samplePath,
                        raw: body.raw
                    )
                    let status = response.status.code
                    let attempt =
                        "\(operation.operationID) with a \(body.label) body: \(status) \(response.text.prefix(200))"
                    if status >= 500 { problems.append(attempt) }
                    guard operation.hasBody else { continue }
                    if !(400..<500).contains(status) { problems.append("not refused: " + attempt) }
                    if status == 400 || status == 413 {
                        let details = response.json["details"] as? [[String: Any]] ?? []
                        if details.isEmpty || details.contains(where: { ($0["field"] as? String ?? "").isEmpty }) {
                            problems.append("no details: " + attempt)
                        }
                    }
                    if body.label == "oversized", status != 413 { problems.append("not 413: " + attempt) }
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
