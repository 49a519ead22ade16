import Foundation
import KubernetesDouble
import Logging
import TestSupport
import Testing

@testable import ClaudeManager

/// The runtime on its own against the double: what it reports through `changes()`.
@Suite("Kubernetes runtime changes")
struct KubernetesRuntimeChangeTests {
    static func workload(_ shortName: String, running: Bool = true) -> Workload {
        let now = Date()
        let project = Project(
            id: "id-\(shortName)",
            name: shortName,
            shortName: shortName,
            gitRepository: "https://github.com/acme/\(shortName).git",
            gitCredentialID: nil,
            resources: ResourceRequirements(cpu: "500m", memory: "1Gi"),
            storage: StorageRequirements(size: "5Gi", storageClass: nil),
            desiredState: running ? .running : .stopped,
            status: .creating,
            statusReason: nil,
            agentURL: nil,
            secretNames: [.anthropicAPIKey],
            keepVolumesOnDelete: nil,
            createdAt: now,
            updatedAt: now,
            statusChangedAt: now
        )
        return Workload(project: project, secrets: [.anthropicAPIKey: "sk-test"], gitSecret: .none)
    }

    /// Runs a runtime on `harness`'s client for the duration of `body`.
    static func withRuntime(
        _ harness: ClientHarness,
        _ body: @escaping @Sendable (KubernetesRuntime, ChangeLog) async throws -> Void
    ) async throws {
        let runtime = KubernetesRuntime(
            client: harness.client,
            settings: KubernetesObjectSettings(namespace: ClientHarness.namespace, image: "example.com/dev:1"),
            agentAccess: .serviceProxy,
            logger: Logger(label: "runtime-test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let log = ChangeLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            group.addTask { for await change in runtime.changes() { await log.append(change) } }
            try await body(runtime, log)
            group.cancelAll()
        }
    }

    @Test func podProblemsAndRecoveryAreReported() async throws {
        try await ClientHarness.run { harness in
            try await Self.withRuntime(harness) { runtime, log in
                let workload = Self.workload("pull")
                try await runtime.apply(workload)
                try await log.wait("running") { if case .running = $0.state { true } else { false } }
                await harness.double.setPodState(
                    .imagePullBackOff(message: "manifest unknown"),
                    namespace: ClientHarness.namespace,
                    pod: "project-pull-0"
                )
                try await log.wait("image error") {
                    $0.state == .failed(reason: "image error (ImagePullBackOff): manifest unknown")
                }
                let stopping = try await runtime.setRunning(workload, false)
                #expect(stopping == .stopping || stopping == .stopped, "\(stopping)")
                try await log.wait("stopped") { $0.state == .stopped }
            }
        }
    }
}

/// The changes a runtime reported, in order.
actor ChangeLog {
    private(set) var changes: [ObservedChange] = []

    func append(_ change: ObservedChange) { changes.append(change) }

    /// Waits until some reported change satisfies `matches`.
    func wait(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ matches: @Sendable (ObservedChange) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if changes.contains(where: matches) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no change '\(what)' in \(changes)")
        throw TimeoutError(timeout: timeout)
    }
}
