import Foundation
import KubernetesDouble
import TestSupport
import Testing

@testable import ClaudeManager

/// Pod states as the double's simulated kubelet writes them, read back as project states.
@Suite("Workload observation")
struct WorkloadObservationTests {
    static let statefulSet: JSONValue = [
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": "project-x"],
        "spec": [
            "replicas": 1, "serviceName": "s", "selector": ["matchLabels": ["a": "b"]],
            "template": [
                "metadata": ["labels": ["a": "b"]],
                "spec": ["containers": [["name": "claude-dev-env", "image": "i"]]],
            ],
        ],
    ]

    @Test(arguments: [
        (SimulatedPodState.running(isReady: true), "running"),
        (.running(isReady: false), "starting"),
        (.containerCreating, "starting"),
        (.imagePullBackOff(message: "nope"), "image error (ImagePullBackOff): nope"),
        (.crashLoopBackOff(terminationReason: "OOMKilled", exitCode: 137, restartCount: 3), "out of memory (OOMKilled"),
        (.crashLoopBackOff(terminationReason: "Error", exitCode: 2, restartCount: 1), "exited with code 2 (Error)"),
        (.unschedulable(message: "0/3 nodes are available"), "cannot be scheduled: 0/3 nodes are available"),
    ])
    func podStatesMapToProjectStates(state: SimulatedPodState, expected: String) async throws {
        try await KubernetesDoubleHarness.run { harness in
            let double = harness.double
            try await double.create(Self.statefulSet, in: .statefulSets, namespace: namespace)
            await double.reconcile()
            await double.setPodState(state, namespace: namespace, pod: "project-x-0")
            let decoder = JSONDecoder()
            let pod = try #require(await double.object(.pods, namespace: namespace, name: "project-x-0"))
            let statefulSet = try #require(await double.object(.statefulSets, namespace: namespace, name: "project-x"))
            let observed = WorkloadObservation.state(
                statefulSet: try decoder.decode(WatchedStatefulSet.self, from: JSONEncoder().encode(statefulSet)),
                pod: try decoder.decode(WatchedPod.self, from: JSONEncoder().encode(pod)),
                agentURL: "http://agent"
            )
            switch observed {
            case .running(let url): #expect(expected == "running" && url == "http://agent")
            case .starting: #expect(expected == "starting")
            case .failed(let reason): #expect(reason.contains(expected), "\(reason)")
            default: Issue.record("unexpected \(observed)")
            }
        }
    }

    @Test func scaleAndAbsence() {
        var statefulSet = WatchedStatefulSet()
        #expect(WorkloadObservation.state(statefulSet: nil, pod: nil, agentURL: "u") == .absent)
        #expect(WorkloadObservation.state(statefulSet: statefulSet, pod: nil, agentURL: "u") == .starting)
        statefulSet.spec = WatchedStatefulSet.Spec(replicas: 0)
        #expect(WorkloadObservation.state(statefulSet: statefulSet, pod: nil, agentURL: "u") == .stopped)
        #expect(WorkloadObservation.state(statefulSet: statefulSet, pod: WatchedPod(), agentURL: "u") == .stopping)
    }
}
