import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Authorization")
struct AuthorizationTests {
    @Test func specListsEveryOperationAndOnlyHealthAndLoginAreOpen() throws {
        let operations = try SpecOperation.all()
        #expect(operations.count >= 25)
        #expect(Set(operations.filter(\.isOpen).map(\.operationID)) == ["login", "getHealth"])
    }

    @Test func everyOperationNeedsCredentials() async throws {
        let operations = try SpecOperation.all()
        try await TestApp.run { client, _, _ in
            for operation in operations where !operation.isOpen {
                let response = try await client.send(
                    HTTPRequest.Method(operation.method.uppercased()) ?? .get,
                    operation.samplePath,
                    json: operation.isWrite ? [String: String]() : nil
                )
                #expect(response.status == .unauthorized, "\(operation) answered \(response.status)")
                #expect(response.json["error"] as? String == "authentication required", "\(operation)")
            }
            let spec = try await client.send(.get, "/api/openapi.yaml")
            #expect(spec.status == .unauthorized)
            let bogus = try await client.authorized("not-a-token").send(.get, "/api/projects")
            #expect(bogus.status == .unauthorized)
        }
    }

    @Test func viewersCannotWrite() async throws {
        let operations = try SpecOperation.all()
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let viewer = try await admin.makeUser(role: "viewer")
            let writes = operations.filter { !$0.isOpen && $0.isWrite && $0.operationID != "logout" }
            for operation in writes {  // logout ends the viewer's session, so it comes last
                let response = try await viewer.send(
                    HTTPRequest.Method(operation.method.uppercased()) ?? .post,
                    operation.samplePath,
                    json: [String: String]()
                )
                let allowed: Set<String> = ["logout", "changePassword"]
                if allowed.contains(operation.operationID) {
                    #expect(response.status != .forbidden, "\(operation)")
                } else {
                    #expect(response.status == .forbidden, "\(operation) answered \(response.status)")
                }
            }
            #expect(try await viewer.send(.get, "/api/projects").status == .ok)
            #expect(try await viewer.send(.get, "/api/users").status == .forbidden)
            #expect(try await viewer.send(.get, "/api/audit").status == .forbidden)
            #expect(try await viewer.send(.get, "/api/openapi.yaml").status == .ok)
            #expect(try await viewer.send(.post, "/api/auth/logout").status == .noContent)
        }
    }
}
