import Foundation
import HTTPTypes
import HummingbirdTesting
import KubernetesDouble
import NIOFoundationCompat
import TestSupport
import Testing

@testable import ClaudeManager

/// The cached read path for `GET /api/projects[/{id}]` must answer exactly what the generated handler answers.
@Suite("Project read path")
struct ProjectReadPathTests {
    @Test func theCachedAnswersEqualTheGeneratedHandlersAnswers() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "listed")
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            var ids: [String] = []
            for index in 0..<7 {
                var body: [String: Any] = [
                    "name": "Listed \(index) ünïcode/\"quoted\"", "gitRepository": repository, "start": false,
                ]
                if index % 3 == 0 { body["sudoPassword"] = "pw-\(index)" }
                let created = try await admin.send(.post, "/api/projects", json: body)
                #expect(created.status == .created)
                ids.append(try #require(created.json["id"] as? String))
            }
            for id in ids { _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped") }

            /// The fast path declines `search=` and unknown query items, so these reach the generated handler.
            func expectSameAnswer(_ cached: String, _ generated: String) async throws {
                #expect(ProjectReadMiddleware.listQuery(URLComponents(string: generated)?.query) == nil)
                let fast = try await admin.send(.get, cached)
                let slow = try await admin.send(.get, generated)
                #expect(fast.status == .ok)
                #expect(slow.status == .ok)
                #expect(fast.headers[.contentType] == slow.headers[.contentType])
                let fastJSON = try JSONValue(data: Data(buffer: fast.body))
                let slowJSON = try JSONValue(data: Data(buffer: slow.body))
                #expect(fastJSON == slowJSON, "\(cached): \(fast.text) vs \(slow.text)")
            }
            #expect(ProjectReadMiddleware.listQuery("limit=3&page=2&status=stopped") != nil)
            try await expectSameAnswer("/api/projects", "/api/projects?search=")
            try await expectSameAnswer(
                "/api/projects?limit=3&page=2&status=stopped",
                "/api/projects?limit=3&page=2&status=stopped&search="
            )
            try await expectSameAnswer("/api/projects?limit=50&page=9", "/api/projects?limit=50&page=9&search=")
            try await expectSameAnswer("/api/projects/\(ids[3])", "/api/projects/\(ids[3])?fresh=1")

            let before = try await admin.send(.get, "/api/projects?limit=50")  // now cached for this revision
            #expect(!before.text.contains("Renamed"))
            let renamed = try await admin.send(.put, "/api/projects/\(ids[3])", json: ["name": "Renamed"])
            #expect(renamed.status == .ok)
            let afterRename = try await admin.send(.get, "/api/projects/\(ids[3])")
            #expect(afterRename.json["name"] as? String == "Renamed")
            try await expectSameAnswer("/api/projects?limit=4", "/api/projects?limit=4&search=")
            #expect(try await admin.send(.get, "/api/projects?limit=50").text.contains("Renamed"))
            try await expectSameAnswer("/api/projects?limit=50", "/api/projects?limit=50&search=")
            #expect(
                try await admin.send(.get, "/api/projects?limit=50").json["items"].map { ($0 as? [Any])?.count } == 7
            )

            // What the fast path declines still gets the generated handler's answers.
            #expect(try await admin.send(.get, "/api/projects?limit=0").status == .badRequest)
            #expect(try await admin.send(.get, "/api/projects?status=sleeping").status == .badRequest)
            #expect(try await admin.send(.get, "/api/projects/0000-missing").status == .notFound)
            #expect(try await client.send(.get, "/api/projects").status == .unauthorized)
            #expect(try await client.send(.get, "/api/projects/\(ids[0])").status == .unauthorized)
            let viewer = try await admin.makeUser(role: "viewer")
            #expect(try await viewer.send(.get, "/api/projects/\(ids[0])").status == .ok)
            _ = try await admin.send(.delete, "/api/projects/\(ids[0])?keepVolumes=false")
            try await eventually { try await admin.send(.get, "/api/projects/\(ids[0])").status == .notFound }
        }
    }
}
