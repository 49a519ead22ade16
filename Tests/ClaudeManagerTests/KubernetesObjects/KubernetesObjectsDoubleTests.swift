import Foundation
import KubernetesDouble
import Logging
import TestSupport
import Testing

@testable import ClaudeManager

/// The objects, stored in the Kubernetes double, make the StatefulSet controller create the pod and claims the
/// runtime will look for, labelled so the Service and the manager's selector find them.
@Suite("Kubernetes objects in the Kubernetes double")
struct KubernetesObjectsDoubleTests {
    @Test func controllerCreatesTheNamedPodAndClaims() async throws {
        let objects = try ProjectObjects(
            workload: KubernetesObjectsFixtures.workload,
            settings: KubernetesObjectsFixtures.settings
        )
        let namespace = KubernetesObjectsFixtures.settings.namespace
        let logger = Logger(label: "kubernetes-objects-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        let resources: [(any ManifestObject, KubernetesResource)] = [
            (objects.secret, .secrets), (objects.configMap, .configMaps), (objects.service, .services),
            (objects.networkPolicy, .networkPolicies), (objects.statefulSet, .statefulSets),
        ]
        try await KubernetesDouble.withRunning(logger: logger) { running in
            for (object, resource) in resources {
                let body = try JSONDecoder().decode(JSONValue.self, from: object.applyBody())
                try await running.create(body, in: resource, namespace: namespace)
            }
            await running.reconcile()

            let managed = try LabelSelector(parsing: ProjectObjects.managedBySelector)
            let pods = await running.objects(.pods, namespace: namespace, labelSelector: managed)
            #expect(pods.map(\.name) == [objects.names.pod])
            let pod = try #require(pods.first)
            for (key, value) in objects.selectorLabels.entries {
                #expect(pod.labels[key] == value)
            }
            let claims = await running.objects(.persistentVolumeClaims, namespace: namespace)
            #expect(Set(claims.map(\.name)) == Set(objects.names.persistentVolumeClaims))
            for claim in claims {
                for (key, value) in objects.selectorLabels.entries {
                    #expect(claim.labels[key] == value)
                }
            }
        }
    }
}
