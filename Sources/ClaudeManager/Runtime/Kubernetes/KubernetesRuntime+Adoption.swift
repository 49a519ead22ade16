import Foundation
import Synchronization

extension KubernetesRuntime {
    /// StatefulSets labelled as ours whose project id the store does not know, rebuilt as projects from their
    /// labels, ConfigMap, Secret and templates. The git token or SSH key in the Secret comes back as the workload's
    /// `gitSecret`, for the caller to store as a credential (the next apply would drop it otherwise).
    package func discoverProjects(excluding knownProjectIDs: Set<String>) async throws -> [Workload] {
        let namespace = settings.namespace
        var adopted: [Workload] = []
        // The watch's cache has every labelled StatefulSet; only strangers are read in full.
        for labels in try await cachedStatefulSetLabels() {
            guard let id = labels[ProjectObjects.projectIDLabel], !knownProjectIDs.contains(id),
                let shortName = labels[ProjectObjects.instanceLabel], ProjectRules.isValidShortName(shortName)
            else { continue }
            let names = ProjectObjectNames(shortName: shortName)
            guard
                let statefulSet = try await kubernetes(
                    "read the StatefulSet",
                    {
                        try await client.get(
                            .statefulSets,
                            namespace: namespace,
                            name: names.statefulSet,
                            as: StatefulSetObject.self
                        )
                    }
                )
            else { continue }
            let configMap = try await kubernetes("read the ConfigMap") {
                try await client.get(.configMaps, namespace: namespace, name: names.configMap, as: ConfigMapObject.self)
            }
            let secret = try await kubernetes("read the Secret") {
                try await client.get(.secrets, namespace: namespace, name: names.secret, as: SecretObject.self)
            }
            var secrets: [ProjectSecretName: String] = [:]
            for name in ProjectSecretName.allCases {
                if let value = secret?.value(of: name.rawValue), !value.isEmpty { secrets[name] = value }
            }
            let container = statefulSet.spec?.template?.spec?.containers?.first
            let workspace = statefulSet.spec?.volumeClaimTemplates?.first {
                $0.metadata?.name == ProjectObjects.workspaceVolume
            }
            let created =
                statefulSet.metadata?.creationTimestamp.flatMap { try? Date.ISO8601FormatStyle().parse($0) } ?? Date()
            let project = Project(
                id: id,
                name: configMap?.data?["PROJECT_NAME"] ?? shortName,
                shortName: shortName,
                gitRepository: configMap?.data?["GIT_REPOSITORY"] ?? "",
                gitCredentialID: nil,
                resources: ResourceRequirements(
                    cpu: container?.resources?.requests?.cpu ?? ResourceRequirements.defaults.cpu,
                    memory: container?.resources?.requests?.memory ?? ResourceRequirements.defaults.memory
                ),
                storage: StorageRequirements(
                    size: workspace?.spec?.resources?.requests?.storage ?? settings.defaultWorkspaceSize,
                    storageClass: workspace?.spec?.storageClassName
                ),
                desiredState: (statefulSet.spec?.replicas ?? 1) > 0 ? .running : .stopped,
                status: .starting,
                statusReason: nil,
                agentURL: nil,
                secretNames: Set(secrets.keys),
                keepVolumesOnDelete: nil,
                createdAt: created,
                updatedAt: Date(),
                statusChangedAt: Date()
            )
            adopted.append(Workload(project: project, secrets: secrets, gitSecret: Self.gitSecret(in: secret)))
        }
        return adopted
    }

    /// The git credential a project's Secret carries (`GIT_TOKEN`, else `SSH_PRIVATE_KEY`).
    static func gitSecret(in secret: SecretObject?) -> GitSecret {
        if let token = secret?.value(of: "GIT_TOKEN"), !token.isEmpty {
            return .token(username: secret?.value(of: "GIT_USERNAME") ?? "", token: token)
        }
        if let key = secret?.value(of: "SSH_PRIVATE_KEY"), !key.isEmpty {
            return .sshKey(privateKey: key)
        }
        return .none
    }

    /// The labels of every StatefulSet the watch has seen, once both watches have listed; throws when that takes
    /// longer than `patience` (the API server is away), and the caller tries again later.
    private func cachedStatefulSetLabels(patience: Duration = .seconds(30)) async throws -> [StringMap] {
        let deadline = ContinuousClock.now + patience
        while true {
            let labels = cache.withLock { cache in
                cache.isSynced ? cache.statefulSets.values.compactMap { $0.metadata?.labels } : nil
            }
            if let labels { return labels }
            guard ContinuousClock.now < deadline else {
                let problem = cache.withLock { $0.problem } ?? "no answer yet"
                throw WorkloadError.kubernetes(
                    action: "list the project StatefulSets",
                    .unavailable(code: 503, message: problem)
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
