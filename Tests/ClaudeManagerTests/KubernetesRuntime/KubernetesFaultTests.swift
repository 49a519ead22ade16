import Foundation
import HTTPTypes
import HummingbirdTesting
import KubernetesDouble
import NIOHTTP1
import TestSupport
import Testing

@testable import ClaudeManager

/// The manager keeps serving and converges through API server outages, dropped and expired watches, failing
/// requests and other writers, without duplicating or losing anything.
@Suite("Kubernetes runtime faults")
struct KubernetesFaultTests {
    @Test func convergesThroughOutagesDroppedWatchesErrorsAndOtherWriters() async throws {
        let port = try ManagerProcess.freePort()
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-kube-faults")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let kubeconfig = (directory as NSString).appendingPathComponent("kubeconfig")
        try KubernetesRuntimeTests.kubeconfig(server: "http://127.0.0.1:\(port)")
            .write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let configure: (inout AppConfiguration) -> Void = { configuration in
            configuration.runtime = .kubernetes
            configuration.kubernetes.kubeconfigPath = kubeconfig
            configuration.kubernetes.namespace = namespace
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            let admin = try await client.login()

            // The API server is down: the manager serves, says so, and keeps the project waiting.
            let health = try await client.send(.get, "/api/monitoring/health")
            let components = health.json["components"] as? [String: [String: Any]]
            #expect(components?["runtime"]?["status"] as? String == "degraded")
            let created = try await admin.send(
                .post,
                "/api/projects",
                json: ["name": "Faulty", "shortName": "faulty", "gitRepository": "https://github.com/acme/f.git"]
            )
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(try await admin.send(.get, "/api/projects/\(id)").json["status"] as? String == "creating")

            var doubleConfiguration = KubernetesDouble.Configuration.testing
            doubleConfiguration.port = port
            try await KubernetesDoubleHarness.run(doubleConfiguration, timeout: .seconds(90)) { harness in
                let double = harness.double
                // It comes back: the project is created and runs once the watches relist (they back off at most
                // 5 s; the HTTP client's pool does not add its own backoff, which grew to a minute).
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running", timeout: .seconds(30))
                try await eventually {
                    let health = try await client.send(.get, "/api/monitoring/health")
                    let components = health.json["components"] as? [String: [String: Any]]
                    return components?["runtime"]?["status"] as? String == "ok"
                }

                // A watch dropped mid-stream resumes from its version, without a list: the stop is still seen.
                try await harness.eventually("both watches open") { await double.openWatchCount == 2 }
                let beforeDrop = await double.faultTally
                double.resetRequestCounts()
                await double.dropWatches()
                #expect(await double.faultTally.droppedWatches - beforeDrop.droppedWatches == 2)
                #expect(try await admin.send(.post, "/api/projects/\(id)/stop").status == .accepted)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
                try await harness.eventually("both watches reopened") { await double.openWatchCount == 2 }
                #expect(Self.lists(double) == 0, "relisted after a dropped watch: \(double.requestCounts)")
                #expect(Self.watchOpens(double) >= 2)

                // A resume answered with 410 Gone relists, once per 410: the start is still seen.
                let beforeExpiry = await double.faultTally
                double.resetRequestCounts()
                await double.expireNextWatchResumes(2)
                await double.dropWatches()
                #expect(try await admin.send(.post, "/api/projects/\(id)/start").status == .accepted)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
                try await harness.eventually("both 410s served") {
                    await double.faultTally.expiredWatchResumes - beforeExpiry.expiredWatchResumes == 2
                }
                try await harness.eventually("both watches reopened") { await double.openWatchCount == 2 }
                #expect(Self.lists(double) == 2, "\(double.requestCounts)")

                // Every third request fails with 503: the client retries each one and the stop goes through.
                let beforeErrors = await double.faultTally
                double.resetRequestCounts()
                var faults = FaultInjector.Faults()
                faults.serverErrorEvery = 3
                faults.serverErrorCode = 503
                double.setFaults(faults)
                #expect(try await admin.send(.post, "/api/projects/\(id)/stop").status == .accepted)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
                double.setFaults(FaultInjector.Faults())
                let afterErrors = await double.faultTally
                let injected =
                    afterErrors.injectedErrors[503, default: 0] - beforeErrors.injectedErrors[503, default: 0]
                #expect(injected > 0, "no 503 was served: the fault did not happen")
                // Each request that got a 503 was sent again (a failed watch after its backoff, at most 5 s).
                let failed = afterErrors.injectedErrorsByRequest.compactMap { request, total in
                    let count = total - (beforeErrors.injectedErrorsByRequest[request] ?? 0)
                    return count > 0 ? (request, count) : nil
                }
                try await harness.eventually("every request answered 503 tried again", timeout: .seconds(15)) {
                    let counts = double.requestCounts
                    return failed.allSatisfy { request, count in counts[request, default: 0] > count }
                }

                // Another writer changed our ConfigMap (an unforced apply of ours would get 409): refresh puts it back.
                let edit = try await harness.send(
                    .PATCH,
                    configMapsPath + "/project-faulty?fieldManager=kubectl-edit",
                    body: ["data": ["PROJECT_NAME": "edited by hand"]],
                    contentType: "application/merge-patch+json"
                )
                #expect(edit.status == 200)
                #expect(try await admin.send(.post, "/api/projects/\(id)/refresh").status == .accepted)
                await eventually {
                    let configMap = await double.object(.configMaps, namespace: namespace, name: "project-faulty")
                    return configMap?[path: ["data", "PROJECT_NAME"]]?.stringValue == "Faulty"
                }

                // Nothing was duplicated or lost.
                #expect(await double.objects(.statefulSets, namespace: namespace).count == 1)
                #expect(await double.objects(.configMaps, namespace: namespace).count == 1)
                #expect(await double.objects(.persistentVolumeClaims, namespace: namespace).count == 2)
                let listed = try await admin.send(.get, "/api/projects")
                #expect(listed.json["total"] as? Int == 1)
            }
        }
    }

    /// Lists of the two watched kinds since the last reset of the double's request counts.
    static func lists(_ double: RunningKubernetesDouble) -> Int {
        let counts = double.requestCounts
        return counts[KubernetesRequest(verb: "list", path: statefulSetsPath), default: 0]
            + counts[KubernetesRequest(verb: "list", path: podsPath), default: 0]
    }

    /// Watches of the two watched kinds opened since the last reset of the double's request counts.
    static func watchOpens(_ double: RunningKubernetesDouble) -> Int {
        let counts = double.requestCounts
        return counts[KubernetesRequest(verb: "watch", path: statefulSetsPath), default: 0]
            + counts[KubernetesRequest(verb: "watch", path: podsPath), default: 0]
    }

    @Test func projectsFoundInTheClusterAreAdopted() async throws {
        try await KubernetesDoubleHarness.run(timeout: .seconds(60)) { harness in
            // A first manager creates a project, then its database is lost.
            try await KubernetesRuntimeTests.withManager(harness.double) { admin in
                let credential = try await admin.send(
                    .post,
                    "/api/git-credentials",
                    json: [
                        "name": "gh", "type": "token", "provider": "github", "username": "bot", "token": "ghp-orphan",
                    ]
                )
                let credentialID = try #require(credential.json["id"] as? String)
                let created = try await admin.send(
                    .post,
                    "/api/projects",
                    json: [
                        "name": "Orphan", "shortName": "orphan", "gitRepository": "https://github.com/acme/orphan.git",
                        "anthropicApiKey": "sk-orphan", "resources": ["cpu": "250m", "memory": "512Mi"],
                        "gitCredentialId": credentialID,
                    ]
                )
                let id = try #require(created.json["id"] as? String)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            }
            // A new manager with an empty database adopts it by label, secrets included.
            let statefulSet = await harness.double.object(.statefulSets, namespace: namespace, name: "project-orphan")
            let expectedID = try #require(statefulSet?.labels["claude-manager.io/project-id"])
            let revisionPath = ["metadata", "annotations", "claude-manager.io/project-revision"]
            let firstRevision = try #require(statefulSet?[path: revisionPath]?.stringValue)
            try await KubernetesRuntimeTests.withManager(harness.double) { admin in
                var adopted: [String: Any] = [:]
                try await eventually {
                    adopted = try await admin.send(.get, "/api/projects/\(expectedID)").json
                    return adopted["status"] as? String == "running"
                }
                #expect(adopted["name"] as? String == "Orphan")
                #expect(adopted["gitRepository"] as? String == "https://github.com/acme/orphan.git")
                #expect(adopted["hasAnthropicApiKey"] as? Bool == true)
                #expect((adopted["resources"] as? [String: Any])?["cpu"] as? String == "250m")
                // The git token in the Secret comes back as a stored credential, so re-applying keeps it.
                let credentials = try await admin.send(.get, "/api/git-credentials").jsonArray
                let adoptedCredential = try #require(credentials.first { $0["name"] as? String == "adopted-orphan" })
                #expect(adoptedCredential["type"] as? String == "token")
                #expect(adoptedCredential["provider"] as? String == "github")
                #expect(adoptedCredential["username"] as? String == "bot")
                #expect(adopted["gitCredentialId"] as? String == adoptedCredential["id"] as? String)
                // Adopting re-applies the objects (a new revision), the Secret before the StatefulSet.
                await eventually {
                    let current = await harness.double.object(
                        .statefulSets,
                        namespace: namespace,
                        name: "project-orphan"
                    )
                    return current?[path: revisionPath]?.stringValue != firstRevision
                }
                let base64 = { (text: String) in Data(text.utf8).base64EncodedString() }
                let secret = await harness.double.object(.secrets, namespace: namespace, name: "project-orphan-secrets")
                #expect(secret?[path: ["data", "ANTHROPIC_API_KEY"]]?.stringValue == base64("sk-orphan"))
                #expect(secret?[path: ["data", "GIT_TOKEN"]]?.stringValue == base64("ghp-orphan"))
                #expect(secret?[path: ["data", "GIT_USERNAME"]]?.stringValue == base64("bot"))
            }
        }
    }
}
