import Foundation
import HTTPTypes
import HummingbirdTesting
import KubernetesDouble
import TestSupport
import Testing

@testable import ClaudeManager

/// On Kubernetes a retained workspace claim is a kept workspace: a new StatefulSet of the same name would bind it.
@Suite("Kubernetes kept volumes")
struct KubernetesKeptVolumeTests {
    @Test func aRetainedClaimIsAdoptedOnlyWhenAskedFor() async throws {
        try await KubernetesDoubleHarness.run(timeout: .seconds(60)) { harness in
            let double = harness.double
            try await KubernetesRuntimeTests.withManager(double) { admin in
                try await Self.deleteKeepingVolumes(admin)
                let claims = await double.objects(.persistentVolumeClaims, namespace: namespace)
                #expect(claims.contains { $0.name == "workspace-project-kept-0" })

                let refused = try await admin.send(
                    .post,
                    "/api/projects",
                    json: ["name": "Again", "shortName": "kept", "gitRepository": "https://github.com/acme/kept.git"]
                )
                #expect(refused.status == .unprocessableContent)
                #expect(CredentialBindingTests.fields(refused) == ["shortName"])
                let derived = try await admin.send(
                    .post,
                    "/api/projects",
                    json: ["name": "Derived", "gitRepository": "https://github.com/acme/kept.git", "start": false]
                )
                #expect(derived.json["shortName"] as? String == "kept-2")
                let adopted = try await admin.send(
                    .post,
                    "/api/projects",
                    json: [
                        "name": "Again", "shortName": "kept", "gitRepository": "https://github.com/acme/kept.git",
                        "adoptWorkspace": true,
                    ]
                )
                #expect(adopted.status == .created)
            }
        }
    }

    /// When the API cannot answer at create time, the project is created and the reconciler looks before its
    /// first apply, so the retained claim is still not reused.
    @Test func aClaimThatCouldNotBeCheckedAtCreateIsCheckedBeforeTheFirstApply() async throws {
        try await KubernetesDoubleHarness.run(timeout: .seconds(60)) { harness in
            let double = harness.double
            try await KubernetesRuntimeTests.withManager(double) { admin in
                try await Self.deleteKeepingVolumes(admin)

                // Every API request fails while the project is created.
                var failing = FaultInjector.Faults()
                failing.serverErrorRate = 1
                failing.serverErrorCode = 503
                double.setFaults(failing)
                let again = try await admin.send(
                    .post,
                    "/api/projects",
                    json: ["name": "Again", "shortName": "kept", "gitRepository": "https://github.com/acme/kept.git"]
                )
                double.setFaults(FaultInjector.Faults())
                #expect(again.status == .created)
                let againID = try #require(again.json["id"] as? String)
                let refused = try await ProjectLifecycleTests.waitForStatus(admin, againID, "error")
                #expect((refused["statusReason"] as? String)?.contains("kept workspace") == true)
                #expect(await double.object(.statefulSets, namespace: namespace, name: "project-kept") == nil)
            }
        }
    }

    /// Creates project `kept`, waits until it runs, and deletes it keeping its volumes.
    static func deleteKeepingVolumes(_ admin: APIClient) async throws {
        let created = try await admin.send(
            .post,
            "/api/projects",
            json: ["name": "Kept", "shortName": "kept", "gitRepository": "https://github.com/acme/kept.git"]
        )
        let id = try #require(created.json["id"] as? String)
        _ = try await ProjectLifecycleTests.waitForStatus(admin, id, "running")
        #expect(try await admin.send(.delete, "/api/projects/\(id)?keepVolumes=true").status == .accepted)
        try await eventually { try await admin.send(.get, "/api/projects/\(id)").status == .notFound }
    }
}
