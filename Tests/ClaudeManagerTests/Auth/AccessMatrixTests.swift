import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every operation of `openapi.yaml` × every kind of caller, checked against the table in docs/access-matrix.md.
@Suite("Access matrix")
struct AccessMatrixTests {
    /// The callers of the table's columns, in its order.
    enum Caller: String, CaseIterable {
        case anonymous, viewer, member, owner, admin
    }

    /// The table: operation id → whether each caller gets past authorization.
    static func table() throws -> [String: [Caller: Bool]] {
        let path = TestEnvironment.packageRoot.appendingPathComponent("docs/access-matrix.md").path
        var rows: [String: [Caller: Bool]] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("|"), cells.count == Caller.allCases.count + 1, cells[0] != "operation",
                !cells[0].hasPrefix("-")
            else { continue }
            var row: [Caller: Bool] = [:]
            for (caller, cell) in zip(Caller.allCases, cells.dropFirst()) { row[caller] = cell.hasPrefix("yes") }
            rows[cells[0]] = row
        }
        return rows
    }

    @Test func theTableCoversExactlyTheSpec() throws {
        let table = try Self.table()
        let operations = Set(try SpecOperation.all().map(\.operationID))
        #expect(Set(table.keys) == operations)
    }

    @Test func everyCellHoldsAgainstARunningManager() async throws {
        let table = try Self.table()
        let operations = try SpecOperation.all()
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-matrix")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "matrix")
        try await TestApp.run { client, _, _ in
            let admin = try await client.login()
            let owner = try await admin.makeUser(role: "member", email: "owner@example.com")
            let clients: [Caller: APIClient] = [
                .anonymous: client, .viewer: try await admin.makeUser(role: "viewer"),
                .member: try await admin.makeUser(role: "member"), .owner: owner, .admin: admin,
            ]
            let fixtures = try await Fixtures.make(admin: admin, owner: owner, repository: repository)
            var results: [String] = []
            // logout ends the caller's session, so it goes last.
            for operation in operations.sorted(by: {
                ($0.operationID == "logout" ? 1 : 0) < ($1.operationID == "logout" ? 1 : 0)
            }) {
                let row = try #require(table[operation.operationID], "no row for \(operation.operationID)")
                for caller in Caller.allCases {
                    let path = try await fixtures.path(for: operation, caller: caller)
                    let client = try #require(clients[caller])
                    let response = try await client.send(
                        HTTPRequest.Method(operation.method.uppercased()) ?? .get,
                        path,
                        json: operation.isWrite ? [String: String]() : nil
                    )
                    let status = response.status.code
                    #expect(status < 500, "\(operation) as \(caller) answered \(status)")
                    let passed = status != 401 && status != 403
                    if passed != row[caller] {
                        results.append("\(operation.operationID) as \(caller): \(status)")
                    }
                    if row[caller] == false {
                        #expect(status == (caller == .anonymous ? 401 : 403), "\(operation) as \(caller): \(status)")
                    }
                }
            }
            #expect(results.isEmpty, "cells that do not hold: \(results)")
        }
    }

    /// The objects the paths name: a project the owner owns, a credential each caller sees, a user and a token.
    struct Fixtures {
        let admin: APIClient
        let owner: APIClient
        let repository: String
        let projectID: String
        let ownCredentialID: String
        let sharedCredentialID: String
        let userID: String
        let tokenID: String

        static func make(admin: APIClient, owner: APIClient, repository: String) async throws -> Fixtures {
            let project = try await owner.send(
                .post,
                "/api/projects",
                json: ["name": "Matrix", "shortName": "matrix", "gitRepository": repository, "start": false]
            )
            // The owner's personal credential, kept in use so that deleting it answers 409 instead of happening.
            let own = try await owner.send(
                .post,
                "/api/git-credentials",
                json: ["name": "owner-own", "type": "token", "provider": "github", "token": "ghp-matrix"]
            )
            let ownID = try #require(own.json["id"] as? String)
            let user = try await owner.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Uses it", "gitRepository": "https://github.com/acme/matrix.git", "start": false,
                    "gitCredentialId": ownID,
                ]
            )
            #expect(user.status == .created)
            let shared = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "team", "type": "token", "provider": "github", "token": "ghp-team", "scope": "shared"]
            )
            let victim = try await admin.send(
                .post,
                "/api/users",
                json: ["email": "victim@example.com", "password": "password-victim", "role": "member"]
            )
            let token = try await admin.send(.post, "/api/tokens", json: ["name": "matrix"])
            return Fixtures(
                admin: admin,
                owner: owner,
                repository: repository,
                projectID: try #require(project.json["id"] as? String),
                ownCredentialID: ownID,
                sharedCredentialID: try #require(shared.json["id"] as? String),
                userID: try #require(victim.json["id"] as? String),
                tokenID: try #require(token.json["id"] as? String)
            )
        }

        /// The operation's path with its parameters filled in for `caller`. Operations that would really remove
        /// their target get a fresh one of their own.
        func path(for operation: SpecOperation, caller: Caller) async throws -> String {
            var projectID = self.projectID
            var userID = self.userID
            if operation.operationID == "deleteProject" {
                let fresh = try await owner.send(
                    .post,
                    "/api/projects",
                    json: ["name": "Doomed", "gitRepository": repository, "start": false]
                )
                projectID = try #require(fresh.json["id"] as? String)
            }
            if operation.operationID == "deleteUser" {
                let fresh = try await admin.send(
                    .post,
                    "/api/users",
                    json: [
                        "email": "doomed-\(UUID().uuidString.prefix(6))@example.com", "password": "password-x",
                        "role": "viewer",
                    ]
                )
                userID = try #require(fresh.json["id"] as? String)
            }
            let credentialID = caller == .owner || caller == .admin ? ownCredentialID : sharedCredentialID
            return operation.path
                .replacingOccurrences(of: "{projectId}", with: projectID)
                .replacingOccurrences(of: "{credentialId}", with: credentialID)
                .replacingOccurrences(of: "{userId}", with: userID)
                .replacingOccurrences(of: "{tokenId}", with: tokenID)
        }
    }
}
