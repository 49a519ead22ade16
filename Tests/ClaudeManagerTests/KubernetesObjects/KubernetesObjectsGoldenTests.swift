import Foundation
import Testing

@testable import ClaudeManager

/// Compares the sample project's objects with the reviewed YAML in `Golden/`; `UPDATE_GOLDEN=1` rewrites them.
@Suite("Kubernetes objects match the golden files")
struct KubernetesObjectsGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static let cases: [(file: String, object: @Sendable (ProjectObjects) -> any ManifestObject)] = [
        ("secret.yaml", { $0.secret }),
        ("configmap.yaml", { $0.configMap }),
        ("service.yaml", { $0.service }),
        ("statefulset.yaml", { $0.statefulSet }),
        ("networkpolicy.yaml", { $0.networkPolicy }),
    ]

    @Test(arguments: cases.map(\.file))
    func matchesGoldenFile(_ file: String) throws {
        let objects = try ProjectObjects(
            workload: KubernetesObjectsFixtures.workload,
            settings: KubernetesObjectsFixtures.settings
        )
        let object = try #require(Self.cases.first { $0.file == file }).object(objects)
        let generated = try object.yaml()
        let url = Self.goldenDirectory.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            print("UPDATE_GOLDEN=1: rewrote \(url.path)")
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(generated == golden, "\(file) differs from the generated YAML; run with UPDATE_GOLDEN=1 and review")
    }
}
