import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Project input validation")
struct ProjectValidationTests {
    static func fields(_ response: TestResponse) -> [String: String] {
        var result: [String: String] = [:]
        for detail in response.json["details"] as? [[String: Any]] ?? [] {
            if let field = detail["field"] as? String { result[field] = detail["message"] as? String ?? "" }
        }
        return result
    }

    @Test func invalidFieldsAreNamedIn422() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let response = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": String(repeating: "n", count: 101),
                    "shortName": "Bad_Name!",
                    "gitRepository": "ftp://example.com/repo",
                    "resources": ["cpu": "lots", "memory": "2GB"],
                    "storage": ["size": "-1Gi"],
                    "gitCredentialId": "missing",
                ]
            )
            #expect(response.status == .unprocessableContent)
            #expect(response.json["error"] as? String == "validation failed")
            let fields = Self.fields(response)
            #expect(
                Set(fields.keys) == [
                    "name", "shortName", "gitRepository", "resources.cpu", "resources.memory", "storage.size",
                    "gitCredentialId",
                ]
            )
            #expect(try await admin.send(.get, "/api/projects").json["total"] as? Int == 0)
        }
    }

    @Test(arguments: [
        "https://github.com/acme/app.git", "git@github.com:acme/app.git", "ssh://git@gitlab.com/acme/app.git",
        "file:///srv/git/app.git",
    ])
    func acceptedRepositoryForms(url: String) {
        #expect(throws: Never.self) { try GitRemote(parsing: url) }
    }

    @Test(arguments: [
        "", "github.com/acme/app", "http://github.com/acme/app", "https://", "git@:x", "https://u:p@host/r.git",
        "file://relative",
    ])
    func rejectedRepositoryForms(url: String) {
        #expect(throws: GitRemote.Problem.self) { try GitRemote(parsing: url) }
    }

    @Test(arguments: [
        ("500m", true), ("2", true), ("512Mi", true), ("1.5Gi", true), ("1e3", true), ("0", false), ("lots", false),
        ("2GB", false), ("-1", false), ("1..5", false),
    ])
    func quantities(text: String, isValid: Bool) {
        #expect(ProjectRules.issues(quantity: text, field: "q").isEmpty == isValid)
    }

    @Test func quantityValuesAreExact() throws {
        #expect(try #require(Quantity("1.5Gi")).value == Decimal(1_610_612_736))
        #expect(try #require(Quantity("500m")).value == Decimal(string: "0.5"))
        #expect(try #require(Quantity("2048Mi")).value == (try #require(Quantity("2Gi"))).value)
    }

    @Test func shortNamesAreDerivedFromRepositories() {
        #expect(ProjectRules.shortName(fromRepository: "git@github.com:acme/Pay_Service.git") == "pay-service")
        #expect(
            ProjectRules.shortName(fromRepository: "https://x.org/a/" + String(repeating: "b", count: 60)).count == 40
        )
        #expect(ProjectRules.isValidShortName("a-1"))
        #expect(!ProjectRules.isValidShortName("-a"))
        #expect(!ProjectRules.isValidShortName(String(repeating: "a", count: 41)))
    }

    @Test func malformedBodiesGet400And413() async throws {
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let broken = try await admin.send(.post, "/api/projects", raw: "{\"name\": \"x\",")
            #expect(broken.status == .badRequest)
            #expect(broken.json["error"] is String)
            let wrongType = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": 42, "gitRepository": "https://github.com/a/b"]
            )
            #expect(wrongType.status == .badRequest)
            #expect((wrongType.json["error"] as? String)?.contains("name") == true)
            let missing = try await admin.send(.post, "/api/projects", json: ["name": "x"])
            #expect(missing.status == .badRequest)
            #expect((missing.json["error"] as? String)?.contains("gitRepository") == true)
            let unknownField = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "x", "gitRepository": "https://github.com/a/b", "colour": "blue"]
            )
            #expect(unknownField.status == .badRequest)
            let badEnum = try await admin.send(.get, "/api/projects?status=sleeping")
            #expect(badEnum.status == .badRequest)
            let badLimit = try await admin.send(.get, "/api/projects?limit=0")
            #expect(badLimit.status == .badRequest)
            let notANumber = try await admin.send(.get, "/api/projects?page=abc")
            #expect(notANumber.status == .badRequest)
            let huge = try await admin.send(
                .post,
                "/api/projects",
                raw: "{\"name\": \"" + String(repeating: "x", count: 1_100_000) + "\"}"
            )
            #expect(huge.status == .contentTooLarge)
            #expect(huge.json["error"] is String)
            let notFound = try await admin.send(.get, "/api/projects/does-not-exist")
            #expect(notFound.status == .notFound)
            #expect(notFound.json["error"] as? String == "project 'does-not-exist' not found")
            let noRoute = try await admin.send(.get, "/api/nothing-here")
            #expect(noRoute.status == .notFound)
        }
    }
}
