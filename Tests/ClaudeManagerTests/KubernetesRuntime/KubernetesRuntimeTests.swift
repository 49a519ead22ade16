import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import KubernetesDouble
import Logging
import NIOHTTP1
import TestSupport
import Testing

/// The manager on the Kubernetes runtime against the API server double, through the REST API.
@Suite("Kubernetes runtime")
struct KubernetesRuntimeTests {
    /// Runs a manager whose runtime is the double at `double.baseURL`, in namespace `claude`.
    static func withManager(
        _ double: RunningKubernetesDouble,
        _ body: @escaping @Sendable (APIClient) async throws -> Void
    ) async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-kube")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let kubeconfig = (directory as NSString).appendingPathComponent("kubeconfig")
        try Self.kubeconfig(server: double.baseURL).write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let configure: (inout AppConfiguration) -> Void = { configuration in
            configuration.runtime = .kubernetes
            configuration.kubernetes.kubeconfigPath = kubeconfig
            configuration.kubernetes.namespace = namespace
            configuration.kubernetes.devImage = "example.com/claude-dev-env:test"
            configuration.jira.baseURL = "https://acme.atlassian.net"
            configuration.jira.email = "bot@acme.example"
            configuration.jira.apiKey = Secret("jira-KUBE-MARKER")
            configuration.jira.projectKeys = ["PAY"]
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            try await body(try await client.login())
        }
    }

    static func kubeconfig(server: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: double
          cluster:
            server: \(server)
        users:
        - name: tester
          user:
            token: test-token
        contexts:
        - name: test
          context:
            cluster: double
            user: tester
            namespace: elsewhere
        """
    }

    @Test func projectLifecycleThroughTheCluster() async throws {
        try await KubernetesDoubleHarness.run(timeout: .seconds(90)) { harness in
            let double = harness.double
            try await Self.withManager(double) { admin in
                let created = try await admin.send(
                    .post,
                    "/api/projects",
                    json: [
                        "name": "Payments", "shortName": "pay-17", "gitRepository": "https://github.com/acme/pay.git",
                        "anthropicApiKey": "sk-ant-KUBE-MARKER", "resources": ["cpu": "500m", "memory": "1Gi"],
                    ]
                )
                #expect(created.status == .created)
                let id = try #require(created.json["id"] as? String)
                let running = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
                #expect(running["runtime"] as? String == "kubernetes")
                #expect(
                    (running["agentUrl"] as? String)?.contains("services/project-pay-17-service:3284/proxy") == true
                )

                for (resource, name) in [
                    (KubernetesResource.secrets, "project-pay-17-secrets"), (.configMaps, "project-pay-17"),
                    (.services, "project-pay-17-service"), (.networkPolicies, "project-pay-17-agent"),
                    (.statefulSets, "project-pay-17"),
                ] {
                    let object = await double.object(resource, namespace: namespace, name: name)
                    #expect(object?.labels["claude-manager.io/project-id"] == id, "\(name)")
                }
                let configMap = await double.object(.configMaps, namespace: namespace, name: "project-pay-17")
                #expect(!(configMap.map { "\($0)" } ?? "").contains("KUBE-MARKER"))
                #expect(configMap?[path: ["data", "JIRA_BASE_URL"]]?.stringValue == "https://acme.atlassian.net")
                let secret = await double.object(.secrets, namespace: namespace, name: "project-pay-17-secrets")
                #expect(
                    secret?[path: ["data", "JIRA_API_KEY"]]?.stringValue
                        == Data("jira-KUBE-MARKER".utf8).base64EncodedString()
                )
                let statefulSet = try #require(
                    await double.object(.statefulSets, namespace: namespace, name: "project-pay-17")
                )
                #expect(statefulSet[path: ["spec", "replicas"]]?.intValue == 1)

                // Stop scales to 0 and keeps the volumes; start scales back up.
                #expect(try await admin.send(.post, "/api/projects/\(id)/stop").status == .accepted)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "stopped")
                #expect(await double.objects(.pods, namespace: namespace).isEmpty)
                #expect(await double.objects(.persistentVolumeClaims, namespace: namespace).count == 2)
                #expect(try await admin.send(.post, "/api/projects/\(id)/start").status == .accepted)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")

                // An update re-applies without undoing the start.
                let updated = try await admin.send(.put, "/api/projects/\(id)", json: ["resources": ["cpu": "1"]])
                #expect(updated.status == .ok)
                await eventually {
                    let statefulSet = await double.object(.statefulSets, namespace: namespace, name: "project-pay-17")
                    let containers = statefulSet?[path: ["spec", "template", "spec", "containers"]]?.arrayValue
                    return containers?.first?[path: ["resources", "requests", "cpu"]]?.stringValue == "1"
                }
                let afterUpdate = await double.object(.statefulSets, namespace: namespace, name: "project-pay-17")
                #expect(afterUpdate?[path: ["spec", "replicas"]]?.intValue == 1)

                // A larger workspace grows the existing claim; the StatefulSet's templates cannot change.
                let grown = try await admin.send(.put, "/api/projects/\(id)", json: ["storage": ["size": "20Gi"]])
                #expect(grown.status == .ok)
                await eventually {
                    let claim = await double.object(
                        .persistentVolumeClaims,
                        namespace: namespace,
                        name: "workspace-project-pay-17-0"
                    )
                    return claim?[path: ["spec", "resources", "requests", "storage"]]?.stringValue == "20Gi"
                }
                let templates = await double.object(.statefulSets, namespace: namespace, name: "project-pay-17")?[
                    path: ["spec", "volumeClaimTemplates"]
                ]
                #expect(
                    templates?.arrayValue?.first?[path: ["spec", "resources", "requests", "storage"]]?.stringValue
                        == "10Gi"
                )
                let shrunk = try await admin.send(.put, "/api/projects/\(id)", json: ["storage": ["size": "1Gi"]])
                #expect(shrunk.status == .unprocessableContent)
                #expect(try await admin.send(.get, "/api/projects/\(id)").json["status"] as? String != "error")

                // Logs and events come from the cluster (once the update's rollout replaced the pod).
                await eventually {
                    let statefulSet = await double.object(.statefulSets, namespace: namespace, name: "project-pay-17")
                    let status = statefulSet?["status"]
                    let generation = statefulSet?[path: ["metadata", "generation"]]
                    return status?["observedGeneration"] == generation
                        && status?["updateRevision"] == status?["currentRevision"]
                        && status?["readyReplicas"]?.intValue == 1
                }
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
                await double.setLogs(
                    ["agent ready", "listening on 3284"],
                    namespace: namespace,
                    pod: "project-pay-17-0"
                )
                let logs = try await admin.send(.get, "/api/projects/\(id)/logs?lines=1")
                #expect(logs.json["lines"] as? [String] == ["listening on 3284"], "\(logs.text)")
                let events = try await admin.send(.get, "/api/projects/\(id)/events")
                #expect(events.status == .ok)
                let reasons = (events.json["events"] as? [[String: Any]])?.compactMap { $0["reason"] as? String }
                #expect(reasons?.contains("SuccessfulCreate") == true)

                // A pod that cannot pull its image shows why.
                await double.setPodState(
                    .imagePullBackOff(message: "Back-off pulling image"),
                    namespace: namespace,
                    pod: "project-pay-17-0"
                )
                let failed = try await ProjectLifecycleTests.waitForStatus(admin, id, "error", timeout: .seconds(5))
                let pod = await double.object(.pods, namespace: namespace, name: "project-pay-17-0")
                #expect(
                    (failed["statusReason"] as? String)?.contains("image error (ImagePullBackOff)") == true,
                    "\(String(describing: pod))"
                )

                // Delete without keeping volumes removes everything.
                #expect(try await admin.send(.delete, "/api/projects/\(id)?keepVolumes=false").status == .accepted)
                try await eventually { try await admin.send(.get, "/api/projects/\(id)").status == .notFound }
                await eventually {
                    let claims = await double.objects(.persistentVolumeClaims, namespace: namespace)
                    let statefulSets = await double.objects(.statefulSets, namespace: namespace)
                    let secrets = await double.objects(.secrets, namespace: namespace)
                    return claims.isEmpty && statefulSets.isEmpty && secrets.isEmpty
                }
            }
        }
    }

    @Test func objectsDeletedBehindTheManagersBackMarkTheProjectInError() async throws {
        try await KubernetesDoubleHarness.run(timeout: .seconds(60)) { harness in
            try await Self.withManager(harness.double) { admin in
                let created = try await admin.send(
                    .post,
                    "/api/projects",
                    json: ["name": "Lost", "shortName": "lost", "gitRepository": "https://github.com/acme/lost.git"]
                )
                let id = try #require(created.json["id"] as? String)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
                let deleted = try await harness.send(.DELETE, statefulSetsPath + "/project-lost")
                #expect(deleted.status == 200)
                let lost = try await ProjectLifecycleTests.waitForStatus(admin, id, "error")
                #expect((lost["statusReason"] as? String)?.contains("deleted outside the manager") == true)
                #expect(try await admin.send(.post, "/api/projects/\(id)/refresh").status == .accepted)
                _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
            }
        }
    }

    @Test func aSettledClusterCostsNoRequestsBeyondTheWatches() async throws {
        try await KubernetesDoubleHarness.run(timeout: .seconds(60)) { harness in
            try await Self.withManager(harness.double) { admin in
                for index in 0..<3 {
                    let created = try await admin.send(
                        .post,
                        "/api/projects",
                        json: [
                            "name": "P\(index)", "shortName": "quiet-\(index)",
                            "gitRepository": "https://github.com/acme/q.git",
                        ]
                    )
                    _ = try await ProjectLifecycleTests.waitForStatus(
                        admin,
                        try #require(created.json["id"] as? String),
                        "running"
                    )
                }
                harness.double.resetRequestCounts()
                for _ in 0..<20 { _ = try await admin.send(.get, "/api/projects?limit=50") }
                // The cluster gets 25 controller passes to change something the manager would react to.
                let passes = await harness.double.controllerPasses
                try await harness.eventually("25 controller passes") {
                    await harness.double.controllerPasses >= passes + 25
                }
                #expect(harness.double.requestTotal == 0, "\(harness.double.requestCounts)")
            }
        }
    }
}
