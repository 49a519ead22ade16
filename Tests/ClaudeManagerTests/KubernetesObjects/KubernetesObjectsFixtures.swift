import Foundation

@testable import ClaudeManager

/// The sample project of the golden files and the variations the tests derive from it.
enum KubernetesObjectsFixtures {
    static let jira = KubernetesObjectSettings.JiraSettings(
        baseURL: "https://example.atlassian.net",
        email: "automation@example.com",
        apiKey: "jira-api-key-0123456789",
        projectKeys: ["PAY", "OPS"]
    )

    static var settings: KubernetesObjectSettings {
        var settings = KubernetesObjectSettings(namespace: "claude-envs", image: "ghcr.io/example/claude-dev-env:1.4.0")
        settings.defaultWorkspaceSize = "10Gi"
        settings.defaultConfigSize = "1Gi"
        settings.defaultStorageClass = "standard"
        settings.jira = jira
        settings.ingressControllerPodLabels = ["app.kubernetes.io/name": "ingress-nginx"]
        settings.ingressControllerNamespace = "ingress-nginx"
        return settings
    }

    static var project: Project {
        let date = Date(timeIntervalSince1970: 1_750_000_000)
        return Project(
            id: "5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            name: "Payments Service",
            shortName: "pay-17",
            gitRepository: "https://github.com/example/payments.git",
            gitCredentialID: "cred-1",
            resources: ResourceRequirements(cpu: "1.5", memory: "1536Mi"),
            storage: StorageRequirements(size: "20Gi", storageClass: "fast-ssd"),
            desiredState: .running,
            status: .running,
            statusReason: nil,
            agentURL: nil,
            secretNames: [.anthropicAPIKey, .sudoPassword, .codeServerPassword],
            keepVolumesOnDelete: nil,
            createdAt: date,
            updatedAt: date,
            statusChangedAt: date
        )
    }

    static let secrets: [ProjectSecretName: String] = [
        .anthropicAPIKey: "sk-ant-api03-sample-key-0123456789",
        .sudoPassword: "sudo-sample-password",
        .codeServerPassword: "code-server-sample-password",
    ]

    static let gitSecret = GitSecret.token(username: "payments-bot", token: "ghp_sampleToken0123456789")

    static var workload: Workload {
        Workload(project: project, secrets: secrets, gitSecret: gitSecret)
    }

    /// Every secret value the sample workload and settings carry.
    static var secretValues: [String] {
        Array(secrets.values) + ["ghp_sampleToken0123456789", jira.apiKey]
    }
}
