import KubernetesDouble
import TestSupport
import Testing

@Suite("Server-side apply and merge patch")
struct ApplyTests {
    let path = configMapsPath + "/settings"

    @Test("apply creates with 201, then merges with 200 and records the manager")
    func createsThenMerges() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let created = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path)
            #expect(created.status == 201)
            let merged = try await harness.apply(
                Fixtures.configMap("settings", labels: ["x": "y"], data: ["a": "1", "b": "2"]),
                at: path
            )
            #expect(merged.status == 200)
            let object = try merged.json()
            #expect(object["data"] == ["a": "1", "b": "2"])
            #expect(object.labels == ["x": "y"])
            let entries = object[path: ["metadata", "managedFields"]]?.arrayValue ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["manager"] == "claude-manager")
            #expect(entries.first?["operation"] == "Apply")
            #expect(entries.first?[path: ["fieldsV1", "f:data", "f:b"]] == [:])
        }
    }

    @Test("apply without fieldManager answers 422")
    func requiresManager() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let response = try await harness.apply(Fixtures.configMap("settings"), at: path, manager: nil)
            #expect(response.status == 422)
            #expect(try response.json()[path: ["details", "causes"]]?.arrayValue?.first?["field"] == "fieldManager")
        }
    }

    @Test("apply with a different name or kind answers 400")
    func mismatches() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let wrongName = try await harness.apply(Fixtures.configMap("other"), at: path)
            #expect(wrongName.status == 400)
            let wrongKind = try await harness.apply(Fixtures.statefulSet("settings"), at: path)
            #expect(wrongKind.status == 400)
        }
    }

    @Test("changing another manager's field conflicts with 409 unless forced")
    func conflicts() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(
                Fixtures.configMap("settings", data: ["a": "1"]),
                at: path,
                manager: "kubectl-edit"
            )
            let conflict = try await harness.apply(Fixtures.configMap("settings", data: ["a": "2"]), at: path)
            #expect(conflict.status == 409)
            let status = try conflict.json()
            #expect(status["reason"] == "Conflict")
            let cause = try #require(status[path: ["details", "causes"]]?.arrayValue?.first)
            #expect(
                cause == [
                    "reason": "FieldManagerConflict", "field": ".data.a",
                    "message": "conflict with \"kubectl-edit\" using v1",
                ]
            )

            let forced = try await harness.apply(
                Fixtures.configMap("settings", data: ["a": "2"]),
                at: path,
                force: true
            )
            #expect(forced.status == 200)
            let object = try forced.json()
            #expect(object[path: ["data", "a"]] == "2")
            let managers = (object[path: ["metadata", "managedFields"]]?.arrayValue ?? []).compactMap {
                $0["manager"]?.stringValue
            }
            #expect(managers == ["claude-manager"])
        }
    }

    @Test("setting the same value as another manager shares the field")
    func sharedField() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path, manager: "other")
            let response = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path)
            #expect(response.status == 200)
            #expect(try response.json()[path: ["metadata", "managedFields"]]?.arrayValue?.count == 2)
        }
    }

    @Test("a field the manager stops applying is removed; a no-op apply keeps the resourceVersion")
    func removesDroppedFields() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1", "b": "2"]), at: path)
            let object = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path).json()
            #expect(object["data"] == ["a": "1"])
            let again = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path).json()
            #expect(again[path: ["metadata", "resourceVersion"]] == object[path: ["metadata", "resourceVersion"]])
        }
    }

    @Test("a stale metadata.resourceVersion answers 409 Conflict")
    func resourceVersionPrecondition() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let created = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path).json()
            let version = try #require(created[path: ["metadata", "resourceVersion"]])
            _ = try await harness.apply(Fixtures.configMap("settings", data: ["a": "2"]), at: path)
            let stale = try await harness.mergePatch(
                ["metadata": ["resourceVersion": version], "data": ["a": "3"]],
                at: path,
                manager: "kubectl"
            )
            #expect(stale.status == 409)
            #expect(try stale.json()["message"]?.stringValue?.contains("the object has been modified") == true)
            var apply = Fixtures.configMap("settings", data: ["a": "3"])
            apply["metadata"]?["resourceVersion"] = version
            #expect(try await harness.apply(apply, at: path).status == 409)
        }
    }

    @Test("merge patch updates, takes ownership, and 404s when absent")
    func mergePatch() async throws {
        try await KubernetesDoubleHarness.run { harness in
            #expect(try await harness.mergePatch(["data": ["a": "1"]], at: path, manager: "kubectl").status == 404)
            _ = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1", "b": "2"]), at: path)
            let patched = try await harness.mergePatch(["data": ["a": "9", "b": .null]], at: path, manager: "kubectl")
            #expect(patched.status == 200)
            #expect(try patched.json()["data"] == ["a": "9"])
            let conflict = try await harness.apply(Fixtures.configMap("settings", data: ["a": "1"]), at: path)
            #expect(conflict.status == 409)
            #expect(
                try conflict.json()[path: ["details", "causes"]]?.arrayValue?.first?["message"]
                    == "conflict with \"kubectl\" using v1"
            )
        }
    }

    @Test("StatefulSet spec fields other than the mutable ones answer 422; a template change bumps generation")
    func immutableSpec() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let path = statefulSetsPath + "/p"
            #expect(try await harness.apply(Fixtures.statefulSet("p", replicas: 0), at: path).status == 201)
            let invalid = try await harness.apply(Fixtures.statefulSet("p", replicas: 0, serviceName: "q"), at: path)
            #expect(invalid.status == 422)
            let status = try invalid.json()
            #expect(status["reason"] == "Invalid")
            let cause = try #require(status[path: ["details", "causes"]]?.arrayValue?.first)
            #expect(cause["reason"] == "FieldValueForbidden")
            #expect(cause["field"] == "spec")
            #expect(
                cause["message"]?.stringValue?.contains("updates to statefulset spec for fields other than") == true
            )

            let updated = try await harness.apply(Fixtures.statefulSet("p", replicas: 0, image: "agent:2"), at: path)
            #expect(updated.status == 200)
            #expect(try updated.json()[path: ["metadata", "generation"]] == 2)
        }
    }

    @Test("a /scale write owns spec.replicas: unforced apply conflicts, forced apply reverts it")
    func scaleOwnership() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let path = statefulSetsPath + "/p"
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 0), at: path, force: true)
            let scale = try await harness.get(path + "/scale").json()
            #expect(scale["kind"] == "Scale")
            #expect(scale["apiVersion"] == "autoscaling/v1")
            #expect(scale[path: ["spec", "replicas"]] == 0)
            #expect(scale[path: ["status", "selector"]] == "app.kubernetes.io/instance=p")

            let scaled = try await harness.mergePatch(
                ["spec": ["replicas": 1]],
                at: path + "/scale",
                manager: "kubectl-scale"
            )
            #expect(scaled.status == 200)
            #expect(try scaled.json()[path: ["spec", "replicas"]] == 1)

            let conflict = try await harness.apply(Fixtures.statefulSet("p", replicas: 0), at: path)
            #expect(conflict.status == 409)
            let status = try conflict.json()
            #expect(
                status["message"]?.stringValue?.contains(
                    "conflict with \"kubectl-scale\" with subresource \"scale\" using apps/v1: .spec.replicas"
                ) == true
            )
            #expect(status[path: ["details", "causes"]]?.arrayValue?.first?["field"] == ".spec.replicas")

            let forced = try await harness.apply(Fixtures.statefulSet("p", replicas: 0), at: path, force: true)
            #expect(forced.status == 200)
            #expect(try forced.json()[path: ["spec", "replicas"]] == 0)
        }
    }

    @Test("an apply that leaves spec.replicas out does not conflict with /scale")
    func applyWithoutReplicas() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let path = statefulSetsPath + "/p"
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: nil), at: path)
            _ = try await harness.mergePatch(["spec": ["replicas": 0]], at: path + "/scale", manager: "claude-manager")
            let response = try await harness.apply(Fixtures.statefulSet("p", replicas: nil, image: "agent:2"), at: path)
            #expect(response.status == 200)
            #expect(try response.json()[path: ["spec", "replicas"]] == 0)
        }
    }
}
