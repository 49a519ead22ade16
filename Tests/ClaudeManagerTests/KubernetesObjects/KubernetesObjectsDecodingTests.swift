import Foundation
import Testing

@testable import ClaudeManager

/// Objects as the API server returns them (extra fields, server-set metadata, status) decode into the same types.
@Suite("Objects returned by the server decode")
struct KubernetesObjectsDecodingTests {
    @Test func statefulSetWithStatus() throws {
        let json = """
            {"apiVersion":"apps/v1","kind":"StatefulSet",
             "metadata":{"name":"project-pay-17","namespace":"ns","uid":"u-1","resourceVersion":"10245","generation":3,
              "creationTimestamp":"2025-06-15T10:00:00Z","labels":{"app.kubernetes.io/instance":"pay-17"},
              "managedFields":[{"manager":"claude-manager","operation":"Apply"}]},
             "spec":{"replicas":1,"serviceName":"project-pay-17-service","revisionHistoryLimit":10,
              "selector":{"matchLabels":{"app.kubernetes.io/instance":"pay-17"}},
              "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
              "template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"c","image":"i",
               "ports":[{"containerPort":3284,"protocol":"TCP"}],"terminationMessagePath":"/dev/termination-log",
               "readinessProbe":{"httpGet":{"path":"/status","port":"agent-api","scheme":"HTTP"}}}],
               "restartPolicy":"Always","dnsPolicy":"ClusterFirst"}},
              "volumeClaimTemplates":[{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"workspace"},
               "spec":{"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem","resources":{"requests":{"storage":"20Gi"}}},
               "status":{"phase":"Pending"}}]},
             "status":{"observedGeneration":3,"replicas":1,"readyReplicas":1,"availableReplicas":1,"currentReplicas":1,
              "updatedReplicas":1,"currentRevision":"project-pay-17-5d8f7c9b6d","updateRevision":"project-pay-17-5d8f7c9b6d",
              "collisionCount":0}}
            """
        let object = try JSONDecoder().decode(StatefulSetObject.self, from: Data(json.utf8))
        #expect(object.metadata?.generation == 3)
        #expect(object.metadata?.resourceVersion == "10245")
        #expect(object.spec?.replicas == 1)
        #expect(object.spec?.template?.spec?.containers?.first?.readinessProbe?.httpGet?.port == .string("agent-api"))
        #expect(object.spec?.volumeClaimTemplates?.first?.status?.phase == "Pending")
        let status = try #require(object.status)
        #expect(status.observedGeneration == 3 && status.readyReplicas == 1)
        #expect(status.currentRevision == status.updateRevision)
    }

    @Test func statefulSetWithZeroCountsOmitted() throws {
        let json = #"{"metadata":{"name":"p"},"spec":{"replicas":0},"status":{"observedGeneration":2,"replicas":0}}"#
        let object = try JSONDecoder().decode(StatefulSetObject.self, from: Data(json.utf8))
        #expect(object.apiVersion == nil)
        #expect(object.status?.readyReplicas == nil)
    }

    @Test func bookmarkMetadataOnly() throws {
        let json = #"{"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"resourceVersion":"12746"}}"#
        let object = try JSONDecoder().decode(StatefulSetObject.self, from: Data(json.utf8))
        #expect(object.metadata?.resourceVersion == "12746")
        #expect(object.metadata?.name == nil)
    }

    @Test func podInCrashLoop() throws {
        let json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"project-pay-17-0","labels":{"controller-revision-hash":"x"}},
             "spec":{"nodeName":"node-1","containers":[{"name":"claude-dev-env","image":"i"}]},
             "status":{"phase":"Running","podIP":"10.1.2.3","startTime":"2025-06-15T10:00:00Z",
              "conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2025-06-15T10:00:00Z"},
               {"type":"Ready","status":"False","reason":"ContainersNotReady","message":"containers with unready status"}],
              "containerStatuses":[{"name":"claude-dev-env","ready":false,"started":false,"restartCount":3,"image":"i",
               "imageID":"sha256:abc","containerID":"containerd://1",
               "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s restarting failed container"}},
               "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":"2025-06-15T10:01:00Z",
                "finishedAt":"2025-06-15T10:02:00Z","containerID":"containerd://0"}}}]}}
            """
        let pod = try JSONDecoder().decode(PodObject.self, from: Data(json.utf8))
        let status = try #require(pod.status)
        #expect(status.phase == "Running")
        #expect(status.conditions?.map(\.type) == ["PodScheduled", "Ready"])
        #expect(status.conditions?.last?.status == "False")
        let container = try #require(status.containerStatuses?.first)
        #expect(container.restartCount == 3)
        #expect(container.state?.waiting?.reason == "CrashLoopBackOff")
        #expect(container.lastState?.terminated?.reason == "OOMKilled")
        #expect(container.lastState?.terminated?.exitCode == 137)
        #expect(pod.spec?.nodeName == "node-1")
    }

    @Test func podPendingUnschedulable() throws {
        let json = """
            {"metadata":{"name":"project-pay-17-0"},"status":{"phase":"Pending","conditions":[{"type":"PodScheduled",
             "status":"False","reason":"Unschedulable","message":"0/3 nodes are available: 3 Insufficient memory."}]}}
            """
        let pod = try JSONDecoder().decode(PodObject.self, from: Data(json.utf8))
        #expect(pod.status?.conditions?.first?.reason == "Unschedulable")
        #expect(pod.status?.containerStatuses == nil)
    }
}
