import Foundation

/// The Kubernetes objects of one project, built from its workload and the cluster settings, ready to apply.
///
/// Every object carries ``labels``; the StatefulSet, Service and NetworkPolicy select pods by the stable
/// ``selectorLabels`` only. Secrets go to the Secret and nowhere else; the pod template carries a checksum of the
/// Secret's and ConfigMap's data, so changing either rolls the pod.
package struct ProjectObjects: Sendable {
    package static let nameLabel = "app.kubernetes.io/name"
    package static let instanceLabel = "app.kubernetes.io/instance"
    package static let managedByLabel = "app.kubernetes.io/managed-by"
    package static let projectIDLabel = "claude-manager.io/project-id"
    package static let appName = "claude-dev-env"
    package static let managerName = "claude-manager"
    /// Selects every object the manager made (`app.kubernetes.io/managed-by=claude-manager`), for lists and watches.
    package static let managedBySelector = "\(managedByLabel)=\(managerName)"
    /// The pod-template annotation holding the SHA-256 of the Secret's and ConfigMap's data.
    package static let configChecksumAnnotation = "claude-manager.io/config-checksum"
    package static let containerName = "claude-dev-env"
    package static let workspaceVolume = "workspace"
    package static let configVolume = "config"

    package var names: ProjectObjectNames
    /// The four labels of every object and of the pod template.
    package var labels: StringMap
    /// The name and instance labels that pick the project's pods (and, through the StatefulSet, its claims).
    package var selectorLabels: StringMap
    /// Hex SHA-256 over the Secret's and ConfigMap's data (see ``configChecksum(secretData:configData:)``).
    package var configChecksum: String
    package var secret: SecretObject
    package var configMap: ConfigMapObject
    package var service: ServiceObject
    package var statefulSet: StatefulSetObject
    package var networkPolicy: NetworkPolicyObject

    /// Builds the objects.
    ///
    /// - Parameter keepVolumesOnDelete: whether the claims survive a delete of the StatefulSet
    ///   (`whenDeleted: Retain`) or go with it (`Delete`). Defaults to the project's pending delete choice, and to
    ///   keeping them when no delete is pending, so a stray delete of the StatefulSet never loses a workspace.
    package init(
        workload: Workload,
        settings: KubernetesObjectSettings,
        keepVolumesOnDelete: Bool? = nil
    ) throws(KubernetesObjectError) {
        let project = workload.project
        let names = ProjectObjectNames(shortName: project.shortName)
        try names.validate()
        try Self.validateTrustedSelectors(settings)
        let selectorLabels: StringMap = [Self.nameLabel: Self.appName, Self.instanceLabel: project.shortName]
        var labels = selectorLabels
        labels[Self.managedByLabel] = Self.managerName
        labels[Self.projectIDLabel] = project.id
        for (key, value) in labels.entries.sorted(by: { $0.key < $1.key }) where !Self.isLabelValue(value) {
            throw .invalidLabelValue(key: key, value: value)
        }

        let secretData = Self.secretData(of: workload, settings: settings)
        let configData = Self.configData(of: workload, settings: settings)
        self.names = names
        self.labels = labels
        self.selectorLabels = selectorLabels
        self.configChecksum = Self.configChecksum(secretData: secretData, configData: configData)
        self.secret = SecretObject(
            metadata: Self.metadata(names.secret, labels: labels, settings: settings),
            type: "Opaque",
            data: secretData.isEmpty ? nil : StringMap(secretData.mapValues { Data($0.utf8).base64EncodedString() })
        )
        self.configMap = ConfigMapObject(
            metadata: Self.metadata(names.configMap, labels: labels, settings: settings),
            data: StringMap(configData)
        )
        self.service = Self.makeService(names: names, labels: labels, selector: selectorLabels, settings: settings)
        self.networkPolicy = Self.makeNetworkPolicy(
            names: names,
            labels: labels,
            selector: selectorLabels,
            settings: settings
        )
        self.statefulSet = try Self.makeStatefulSet(
            project: project,
            names: names,
            labels: labels,
            selector: selectorLabels,
            checksum: configChecksum,
            keepVolumesOnDelete: keepVolumesOnDelete ?? project.keepVolumesOnDelete ?? true,
            settings: settings
        )
    }

    /// Every object in the order to apply them: what the pod reads first, the StatefulSet last.
    package var all: [any ManifestObject] {
        [secret, configMap, service, networkPolicy, statefulSet]
    }

    /// Throws when a project's pod could pass for the manager or, in the same namespace, the ingress controller.
    static func validateTrustedSelectors(_ settings: KubernetesObjectSettings) throws(KubernetesObjectError) {
        if podLabelsCanSatisfy(settings.managerPodLabels) {
            throw .selectorMatchesProjectPods(setting: "MANAGER_POD_LABELS", labels: settings.managerPodLabels)
        }
        let ingressNamespace = settings.ingressControllerNamespace ?? settings.namespace
        if let labels = settings.ingressControllerPodLabels, ingressNamespace == settings.namespace,
            podLabelsCanSatisfy(labels)
        {
            throw .selectorMatchesProjectPods(setting: "INGRESS_CONTROLLER_LABELS", labels: labels)
        }
    }

    static func metadata(_ name: String, labels: StringMap, settings: KubernetesObjectSettings) -> ObjectMeta {
        ObjectMeta(name: name, namespace: settings.namespace, labels: labels)
    }

    /// Label value syntax: empty, or alphanumerics with `-`, `_`, `.` inside, at most 63 characters.
    static func isLabelValue(_ value: String) -> Bool {
        guard !value.isEmpty else { return true }
        let isAlphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = value.first, let last = value.last, value.count <= 63 else { return false }
        return isAlphanumeric(first) && isAlphanumeric(last)
            && value.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
