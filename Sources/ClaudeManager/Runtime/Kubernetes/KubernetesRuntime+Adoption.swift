import Foundation

extension KubernetesRuntime {
    /// StatefulSets labelled as ours whose project id the store does not know, rebuilt as projects from their
    /// labels, ConfigMap, Secret and templates. The git credential cannot be recovered (the store holds it), so
    /// an adopted project clones nothing new until one is set.
    package func discoverProjects(excluding knownProjectIDs: Set<String>) async throws -> [Workload] {
        let namespace = settings.namespace
        // Labels are enough to find strangers; only those are read in full.
        let listed = try await kubernetes("list the project StatefulSets") {
            try await client.list(
                .statefulSets,
                namespace: namespace,
                labelSelector: ProjectObjects.managedBySelector,
                as: MetadataOnly.self
            ).items
        }
        var adopted: [Workload] = []
        for entry in listed {
            guard let labels = entry.metadata?.labels, let id = labels[ProjectObjects.projectIDLabel],
                !knownProjectIDs.contains(id), let shortName = labels[ProjectObjects.instanceLabel],
                ProjectRules.isValidShortName(shortName)
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
            adopted.append(Workload(project: project, secrets: secrets, gitSecret: .none))
        }
        return adopted
    }
}

/// An object's metadata and nothing else, for lists that only need labels.
struct MetadataOnly: Decodable, Sendable {
    var metadata: KubernetesObjectMetadata?
}
