import ClaudeManager
import KubernetesDouble
import TestSupport
import Testing

@Suite("Kubernetes client: objects")
struct KubernetesClientObjectTests {
    let namespace = ClientHarness.namespace

    @Test("paths for core and grouped resources, with subresources and encoded names")
    func paths() {
        #expect(KubernetesResourceKind.pods.path(namespace: "ns") == "/api/v1/namespaces/ns/pods")
        #expect(
            KubernetesResourceKind.statefulSets.path(namespace: "ns", name: "p", subresource: "scale")
                == "/apis/apps/v1/namespaces/ns/statefulsets/p/scale"
        )
        #expect(
            KubernetesResourceKind.networkPolicies.path(namespace: "ns", name: "a b")
                == "/apis/networking.k8s.io/v1/namespaces/ns/networkpolicies/a%20b"
        )
        #expect(KubernetesResourceKind.statefulSets.apiVersion == "apps/v1")
        #expect(KubernetesResourceKind.configMaps.apiVersion == "v1")
    }

    @Test("get answers the object, or nil when it does not exist")
    func get() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await harness.double.create(
                ClientFixtures.configMap("a", data: ["k": "v"]),
                in: .configMaps,
                namespace: namespace
            )
            let object = try await client.get(.configMaps, namespace: namespace, name: "a", as: JSONValue.self)
            #expect(object?[path: ["data", "k"]] == "v")
            let missing = try await client.get(.configMaps, namespace: namespace, name: "b", as: JSONValue.self)
            #expect(missing == nil)
            #expect(client.stats.requests[.get] == 2)
        }
    }

    @Test("list follows continue tokens and filters by label selectors with special characters")
    func list() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            for index in 0..<7 {
                let labels = ["app.kubernetes.io/name": index < 3 ? "agent" : "other", "tier": "t\(index % 2)"]
                try await harness.double.create(
                    ClientFixtures.configMap("c\(index)", labels: labels),
                    in: .configMaps,
                    namespace: namespace
                )
            }
            let all = try await client.list(.configMaps, namespace: namespace, limit: 2, as: JSONValue.self)
            #expect(all.items.map(\.name) == ["c0", "c1", "c2", "c3", "c4", "c5", "c6"])
            #expect(all.resourceVersion == String(await harness.double.resourceVersion))
            #expect(client.stats.requests[.list] == 4)

            let selected = try await client.list(
                .configMaps,
                namespace: namespace,
                labelSelector: "app.kubernetes.io/name in (agent,x),tier!=t1,!missing",
                as: JSONValue.self
            )
            #expect(selected.items.map(\.name) == ["c0", "c2"])
            let byField = try await client.list(
                .configMaps,
                namespace: namespace,
                fieldSelector: "metadata.name=c4",
                as: JSONValue.self
            )
            #expect(byField.items.map(\.name) == ["c4"])
        }
    }

    @Test("apply creates, then updates the fields it owns")
    func applyCreatesThenUpdates() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            let created = try await client.apply(
                .configMaps,
                namespace: namespace,
                name: "settings",
                ClientFixtures.configMap("settings", data: ["a": "1", "b": "2"]),
                isStrict: true
            )
            #expect(created.name == "settings")
            #expect(created.namespace == namespace)
            let updated = try await client.apply(
                .configMaps,
                namespace: namespace,
                name: "settings",
                ClientFixtures.configMap("settings", data: ["a": "3"]),
                as: JSONValue.self
            )
            #expect(updated["data"] == ["a": "3"])
            #expect(updated[path: ["metadata", "managedFields"]]?.arrayValue?.first?["manager"] == "claude-manager")
            #expect(updated[path: ["metadata", "resourceVersion"]]?.stringValue != created.resourceVersion)
            let stored = await harness.double.object(.configMaps, namespace: namespace, name: "settings")
            #expect(stored?["data"] == ["a": "3"])
        }
    }

    @Test("an unforced apply of another manager's field throws a conflict with its causes; force takes it over")
    func applyConflict() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await client.apply(
                .configMaps,
                namespace: namespace,
                name: "settings",
                ClientFixtures.configMap("settings", data: ["a": "1"]),
                fieldManager: "kubectl-edit"
            )
            let error = await #expect(throws: KubernetesError.self) {
                try await client.apply(
                    .configMaps,
                    namespace: namespace,
                    name: "settings",
                    ClientFixtures.configMap("settings", data: ["a": "2"])
                )
            }
            guard case .conflict(let message, let causes) = error else {
                Issue.record("expected a conflict, got \(String(describing: error))")
                return
            }
            #expect(message.contains("Apply failed with 1 conflict"))
            #expect(
                causes == [
                    KubernetesError.Cause(
                        reason: "FieldManagerConflict",
                        field: ".data.a",
                        message: "conflict with \"kubectl-edit\" using v1"
                    )
                ]
            )
            #expect(error?.code == 409)
            let forced = try await client.apply(
                .configMaps,
                namespace: namespace,
                name: "settings",
                ClientFixtures.configMap("settings", data: ["a": "2"]),
                force: true,
                as: JSONValue.self
            )
            #expect(forced[path: ["data", "a"]] == "2")
        }
    }

    @Test("an immutable StatefulSet change throws invalid with the causes; a mismatched name is a bad request")
    func invalidAndBadRequest() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await client.apply(.statefulSets, namespace: namespace, name: "p", ClientFixtures.statefulSet("p"))
            let invalid = await #expect(throws: KubernetesError.self) {
                try await client.apply(
                    .statefulSets,
                    namespace: namespace,
                    name: "p",
                    ClientFixtures.statefulSet("p", serviceName: "q")
                )
            }
            guard case .invalid(let message, let causes) = invalid else {
                Issue.record("expected invalid, got \(String(describing: invalid))")
                return
            }
            #expect(message.contains("updates to statefulset spec for fields other than"))
            #expect(causes.first?.reason == "FieldValueForbidden")
            #expect(causes.first?.field == "spec")

            let mismatch = await #expect(throws: KubernetesError.self) {
                try await client.apply(.configMaps, namespace: namespace, name: "a", ClientFixtures.configMap("b"))
            }
            guard case .badRequest(let text) = mismatch else {
                Issue.record("expected a bad request, got \(String(describing: mismatch))")
                return
            }
            #expect(!text.isEmpty)
        }
    }

    @Test("a merge patch of a missing object throws notFound with the server's message")
    func notFound() async throws {
        try await ClientHarness.run { harness in
            let error = await #expect(throws: KubernetesError.self) {
                try await harness.client.mergePatch(
                    .statefulSets,
                    namespace: namespace,
                    name: "nope",
                    ["spec": ["replicas": 1]] as JSONValue
                )
            }
            #expect(error == .notFound(message: "statefulsets.apps \"nope\" not found"))
            #expect(error?.description == "statefulsets.apps \"nope\" not found (HTTP 404)")
        }
    }

    @Test("delete answers true, then false once the object is gone")
    func deleteTwice() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await client.apply(.configMaps, namespace: namespace, name: "a", ClientFixtures.configMap("a"))
            #expect(try await client.delete(.configMaps, namespace: namespace, name: "a"))
            #expect(try await client.delete(.configMaps, namespace: namespace, name: "a") == false)
            #expect(await harness.double.object(.configMaps, namespace: namespace, name: "a") == nil)
            #expect(client.stats.requests[.delete] == 2)
        }
    }

    @Test("a merge patch of the scale subresource sets the replicas")
    func scale() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await client.apply(.statefulSets, namespace: namespace, name: "p", ClientFixtures.statefulSet("p"))
            let scale = try await client.mergePatch(
                .statefulSets,
                namespace: namespace,
                name: "p",
                subresource: "scale",
                ["spec": ["replicas": 2]] as JSONValue,
                as: JSONValue.self
            )
            #expect(scale["kind"] == "Scale")
            #expect(scale[path: ["spec", "replicas"]] == 2)
            let read = try await client.get(
                .statefulSets,
                namespace: namespace,
                name: "p",
                subresource: "scale",
                as: JSONValue.self
            )
            #expect(read?[path: ["status", "selector"]] == "app.kubernetes.io/instance=p")
            let statefulSet = await harness.double.object(.statefulSets, namespace: namespace, name: "p")
            #expect(statefulSet?[path: ["spec", "replicas"]] == 2)
        }
    }
}
