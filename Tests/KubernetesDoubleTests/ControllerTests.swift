import KubernetesDouble
import NIOHTTP1
import TestSupport
import Testing

@Suite("Simulated StatefulSet controller")
struct ControllerTests {
    let path = statefulSetsPath + "/p"

    /// The StatefulSet's status once `readyReplicas` reaches `ready` and the rollout settled.
    private func settled(_ harness: KubernetesDoubleHarness, ready: Int) async throws -> JSONValue {
        try await harness.eventually("StatefulSet settled with \(ready) ready") {
            let object = try await harness.get(statefulSetsPath + "/p").json()
            let status = object["status"] ?? [:]
            return (status["readyReplicas"]?.intValue ?? 0) == ready
                && (status["replicas"]?.intValue ?? 0) == ready
                && status["currentRevision"] == status["updateRevision"]
                && status["observedGeneration"] == object[path: ["metadata", "generation"]]
        }
        return try await harness.get(path).json()
    }

    @Test("replicas become pods that turn Ready, with PVCs and labels")
    func scaleUp() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 2), at: path)
            let statefulSet = try await settled(harness, ready: 2)
            let revision = try #require(statefulSet[path: ["status", "updateRevision"]]?.stringValue)
            #expect(revision.hasPrefix("p-"))
            #expect(revision.count == "p-".count + 10)
            let pods = try await harness.get(podsPath + "?labelSelector=app.kubernetes.io%2Finstance%3Dp").json()
            let items = pods["items"]?.arrayValue ?? []
            #expect(items.map(\.name) == ["p-0", "p-1"])
            for pod in items {
                #expect(pod.labels["controller-revision-hash"] == revision)
                #expect(pod.labels["statefulset.kubernetes.io/pod-name"] == pod.name)
                #expect(pod[path: ["status", "phase"]] == "Running")
            }
            let claims = try await harness.get(claimsPath).json()
            #expect((claims["items"]?.arrayValue ?? []).map(\.name) == ["workspace-p-0", "workspace-p-1"])
            #expect(claims["items"]?.arrayValue?.first?.labels == ["app.kubernetes.io/instance": "p"])
        }
    }

    @Test("a new pod is Pending in ContainerCreating first")
    func pendingFirst() async throws {
        var configuration = KubernetesDouble.Configuration.testing
        configuration.podReadyDelay = .seconds(30)
        try await KubernetesDoubleHarness.run(configuration) { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: path)
            try await harness.eventually("pod created") { try await harness.get(podsPath + "/p-0").status == 200 }
            let pod = try await harness.get(podsPath + "/p-0").json()
            #expect(pod[path: ["status", "phase"]] == "Pending")
            let waiting = pod[path: ["status", "containerStatuses"]]?.arrayValue?.first?[path: [
                "state", "waiting", "reason",
            ]]
            #expect(waiting == "ContainerCreating")
        }
    }

    @Test("scaling to 0 removes pods, keeps PVCs and omits zero counts")
    func scaleDown() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: path)
            _ = try await settled(harness, ready: 1)
            _ = try await harness.mergePatch(["spec": ["replicas": 0]], at: path + "/scale", manager: "claude-manager")
            let statefulSet = try await settled(harness, ready: 0)
            #expect(statefulSet[path: ["status", "replicas"]] == nil)
            #expect(statefulSet[path: ["status", "readyReplicas"]] == nil)
            #expect(try await harness.get(podsPath + "/p-0").status == 404)
            #expect(try await harness.get(claimsPath + "/workspace-p-0").status == 200)
        }
    }

    @Test("Parallel creates every pod at once; whenScaled Delete removes PVCs on scale down")
    func parallelAndScaledDelete() async throws {
        var configuration = KubernetesDouble.Configuration.testing
        configuration.podReadyDelay = .seconds(30)
        try await KubernetesDoubleHarness.run(configuration) { harness in
            var statefulSet = Fixtures.statefulSet("p", replicas: 3)
            statefulSet["spec"]?["podManagementPolicy"] = "Parallel"
            statefulSet["spec"]?["persistentVolumeClaimRetentionPolicy"] = [
                "whenDeleted": "Retain", "whenScaled": "Delete",
            ]
            _ = try await harness.apply(statefulSet, at: path)
            try await harness.eventually("three pending pods") {
                try await harness.get(podsPath).json()["items"]?.arrayValue?.count == 3
            }
            statefulSet["spec"]?["replicas"] = 1
            _ = try await harness.apply(statefulSet, at: path)
            try await harness.eventually("claims of removed ordinals deleted") {
                let claims = try await harness.get(claimsPath).json()["items"]?.arrayValue ?? []
                return claims.map(\.name) == ["workspace-p-0"]
            }
            _ = try await harness.send(.DELETE, path)
            #expect(try await harness.get(claimsPath + "/workspace-p-0").status == 200)
        }
    }

    @Test("deleting the StatefulSet deletes its pods, and its PVCs with whenDeleted Delete")
    func delete() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: path)
            _ = try await settled(harness, ready: 1)
            #expect(try await harness.send(.DELETE, path + "?propagationPolicy=Background").status == 200)
            #expect(try await harness.get(podsPath + "/p-0").status == 404)
            #expect(try await harness.get(claimsPath + "/workspace-p-0").status == 404)
        }
    }

    @Test("a template change rolls the pods to the new revision")
    func rollingUpdate() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: path)
            let before = try await settled(harness, ready: 1)
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1, image: "agent:2"), at: path)
            try await harness.eventually("rolled out") {
                let object = try await harness.get(statefulSetsPath + "/p").json()
                return object[path: ["status", "updateRevision"]] != before[path: ["status", "updateRevision"]]
                    && object[path: ["status", "currentRevision"]] == object[path: ["status", "updateRevision"]]
                    && object[path: ["status", "readyReplicas"]] == 1
            }
            let pod = try await harness.get(podsPath + "/p-0").json()
            #expect(pod[path: ["spec", "containers"]]?.arrayValue?.first?["image"] == "agent:2")
        }
    }

    @Test("a never-Ready pod blocks the rollout until it is deleted (kubernetes#67250)")
    func stuckRollout() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: path)
            let before = try await settled(harness, ready: 1)
            let oldRevision = before[path: ["status", "currentRevision"]]
            await harness.double.setPodState(.crashLoopBackOff(), namespace: namespace, pod: "p-0")
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1, image: "agent:2"), at: path)
            try await harness.eventually("new revision observed") {
                let status = try await harness.get(statefulSetsPath + "/p").json()["status"]
                return status?["observedGeneration"] == 2 && status?["updateRevision"] != oldRevision
            }
            await harness.double.reconcile()
            await harness.double.reconcile()
            let stuck = try await harness.get(path).json()
            #expect(stuck[path: ["status", "currentRevision"]] == oldRevision)
            let pod = try await harness.get(podsPath + "/p-0").json()
            #expect(pod.labels["controller-revision-hash"] == oldRevision?.stringValue)

            _ = try await harness.send(.DELETE, podsPath + "/p-0")
            let after = try await settled(harness, ready: 1)
            #expect(after[path: ["status", "currentRevision"]] != oldRevision)
            let replaced = try await harness.get(podsPath + "/p-0").json()
            #expect(
                replaced.labels["controller-revision-hash"] == after[path: ["status", "updateRevision"]]?.stringValue
            )
        }
    }

    @Test("forced pod states show the reasons the manager reads")
    func forcedStates() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: path)
            _ = try await settled(harness, ready: 1)

            await harness.double.setPodState(
                .imagePullBackOff(message: "Back-off pulling image"),
                namespace: namespace,
                pod: "p-0"
            )
            var pod = try await harness.get(podsPath + "/p-0").json()
            var container = pod[path: ["status", "containerStatuses"]]?.arrayValue?.first
            #expect(container?[path: ["state", "waiting", "reason"]] == "ImagePullBackOff")
            #expect(container?[path: ["state", "waiting", "message"]] == "Back-off pulling image")
            let events = try await harness.get(eventsPath + "?fieldSelector=involvedObject.name%3Dp-0").json()
            #expect(events["items"]?.arrayValue?.first?["reason"] == "Failed")

            await harness.double.setPodState(.crashLoopBackOff(), namespace: namespace, pod: "p-0")
            pod = try await harness.get(podsPath + "/p-0").json()
            container = pod[path: ["status", "containerStatuses"]]?.arrayValue?.first
            #expect(container?[path: ["state", "waiting", "reason"]] == "CrashLoopBackOff")
            #expect(container?[path: ["lastState", "terminated", "reason"]] == "OOMKilled")
            #expect(container?[path: ["lastState", "terminated", "exitCode"]] == 137)
            #expect(container?["restartCount"] == 3)

            await harness.double.setPodState(
                .unschedulable(message: "0/3 nodes are available"),
                namespace: namespace,
                pod: "p-0"
            )
            pod = try await harness.get(podsPath + "/p-0").json()
            let condition = pod[path: ["status", "conditions"]]?.arrayValue?.first
            #expect(
                condition == [
                    "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                    "message": "0/3 nodes are available",
                ]
            )
            try await harness.eventually("not ready counted") {
                try await harness.get(statefulSetsPath + "/p").json()[path: ["status", "readyReplicas"]] == nil
            }

            await harness.double.setPodState(.automatic, namespace: namespace, pod: "p-0")
            _ = try await settled(harness, ready: 1)
        }
    }
}
