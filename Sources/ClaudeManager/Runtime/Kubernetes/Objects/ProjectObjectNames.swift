import Foundation

/// The names of a project's Kubernetes objects, all derived from its short name.
package struct ProjectObjectNames: Sendable, Equatable {
    /// The longest StatefulSet name whose pods' `controller-revision-hash` label still fits in 63 characters.
    package static let maximumStatefulSetNameLength = 52

    package var shortName: String
    /// `project-<shortName>`, also the ConfigMap's name.
    package var statefulSet: String
    package var configMap: String
    /// `project-<shortName>-secrets`.
    package var secret: String
    /// `project-<shortName>-service`.
    package var service: String
    /// `project-<shortName>-agent`.
    package var networkPolicy: String
    /// `project-<shortName>-0`, the only pod.
    package var pod: String
    /// `workspace-project-<shortName>-0`.
    package var workspaceClaim: String
    /// `config-project-<shortName>-0`.
    package var configClaim: String

    package init(shortName: String) {
        let base = "project-\(shortName)"
        self.shortName = shortName
        self.statefulSet = base
        self.configMap = base
        self.secret = "\(base)-secrets"
        self.service = "\(base)-service"
        self.networkPolicy = "\(base)-agent"
        self.pod = "\(base)-0"
        self.workspaceClaim = "\(ProjectObjects.workspaceVolume)-\(base)-0"
        self.configClaim = "\(ProjectObjects.configVolume)-\(base)-0"
    }

    /// The claims the StatefulSet creates for its pod, workspace first.
    package var persistentVolumeClaims: [String] { [workspaceClaim, configClaim] }

    /// Throws unless the short name is a DNS-1123 label short enough for the StatefulSet (52 characters), which
    /// keeps the Service and pod names (which must be labels) within 63; the other names may be up to 253.
    func validate() throws(KubernetesObjectError) {
        guard Self.isDNSLabel(shortName), statefulSet.count <= Self.maximumStatefulSetNameLength else {
            throw .invalidName(statefulSet)
        }
        for name in [service, pod] where !Self.isDNSLabel(name) {
            throw .invalidName(name)
        }
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
    static func isDNSLabel(_ name: String) -> Bool {
        let isAlphanumeric: (Character) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard let first = name.first, let last = name.last, name.count <= 63 else { return false }
        return isAlphanumeric(first) && isAlphanumeric(last) && name.allSatisfy { isAlphanumeric($0) || $0 == "-" }
    }
}
