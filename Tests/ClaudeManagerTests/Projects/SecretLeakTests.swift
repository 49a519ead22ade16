import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Secrets never leak")
struct SecretLeakTests {
    @Test func secretsStayOutOfResponsesLogsAndTheDatabase() async throws {
        let scratch = try TestEnvironment.makeTemporaryDirectory("cm-git")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let repository = try GitFixtures.makeBareRepository(in: scratch, name: "leaky")
        let markers = ["sk-ant-LEAK-MARKER-API", "ghp_LEAK-MARKER-TOKEN", "LEAK-MARKER-SUDO", "LEAK-MARKER-CODE"]
        try await TestApp.run { client, _, configuration in
            let admin = try await client.login()
            var seen = ""
            let credential = try await admin.send(
                .post,
                "/api/git-credentials",
                json: ["name": "gh", "type": "token", "provider": "github", "token": markers[1]]
            )
            #expect(credential.status == .created)
            seen += credential.text
            let credentialID = try #require(credential.json["id"] as? String)
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Leaky", "gitRepository": repository, "anthropicApiKey": markers[0],
                    "sudoPassword": markers[2], "codeServerPassword": markers[3],
                ]
            )
            #expect(created.status == .created)
            seen += created.text
            let id = try #require(created.json["id"] as? String)
            _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            let updated = try await admin.send(
                .put,
                "/api/projects/\(id)",
                json: ["anthropicApiKey": markers[0] + "-2"]
            )
            #expect(updated.status == .ok)
            seen += updated.text
            for path in [
                "/api/projects", "/api/projects/\(id)", "/api/git-credentials", "/api/git-credentials/\(credentialID)",
                "/api/audit?limit=500", "/api/projects/\(id)/logs",
            ] {
                seen += try await admin.send(.get, path).text
            }
            // A project that uses the token (its host cannot be reached here, so the clone fails) keeps it in use.
            let user = try await admin.send(
                .post,
                "/api/projects",
                json: [
                    "name": "Token user", "gitRepository": "https://github.com/acme/leaky.git", "start": false,
                    "gitCredentialId": credentialID,
                ]
            )
            #expect(user.status == .created, "\(user.text)")
            seen += user.text
            let inUse = try await admin.send(.delete, "/api/git-credentials/\(credentialID)")
            #expect(inUse.status == .conflict)
            _ = try await admin.send(.delete, "/api/projects/\(id)?keepVolumes=false")
            await eventually { (try? await admin.send(.get, "/api/projects/\(id)").status) == .notFound }

            var files: [String] = []
            for directory in [configuration.logDirectory, configuration.dataDirectory] {
                let enumerator = FileManager.default.enumerator(atPath: directory)
                while let relative = enumerator?.nextObject() as? String {
                    let path = (directory as NSString).appendingPathComponent(relative)
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        files.append(path)
                    }
                }
            }
            #expect(files.contains { $0.hasSuffix("combined.log") })
            #expect(files.contains { $0.hasSuffix("claude-manager.sqlite") })
            for marker in markers {
                #expect(!seen.contains(marker), "an API response contains \(marker)")
                for file in files {
                    let data = FileManager.default.contents(atPath: file) ?? Data()
                    #expect(data.range(of: Data(marker.utf8)) == nil, "\(file) contains \(marker)")
                }
            }
        }
    }
}
