/// A namespaced Kubernetes resource type the manager uses, e.g. `statefulsets` in `apps/v1`.
package struct KubernetesResourceKind: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group.
    package let group: String
    package let version: String
    /// The plural used in paths, e.g. `statefulsets`.
    package let plural: String
    /// The object `kind`, e.g. `StatefulSet`.
    package let kind: String

    package init(group: String, version: String, plural: String, kind: String) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
    }

    /// `apps/v1`, or `v1` for the core group.
    package var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `statefulsets.apps`, or `pods` for the core group.
    package var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The path of the collection in `namespace`, of one object when `name` is given, and of one of its
    /// subresources (`scale`, `log`) when `subresource` is given too.
    package func path(namespace: String, name: String? = nil, subresource: String? = nil) -> String {
        let root = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        var path = "\(root)/namespaces/\(KubernetesQuery.encodeSegment(namespace))/\(plural)"
        if let name {
            path += "/" + KubernetesQuery.encodeSegment(name)
            if let subresource {
                path += "/" + KubernetesQuery.encodeSegment(subresource)
            }
        }
        return path
    }

    package static let secrets = Self(group: "", version: "v1", plural: "secrets", kind: "Secret")
    package static let configMaps = Self(group: "", version: "v1", plural: "configmaps", kind: "ConfigMap")
    package static let services = Self(group: "", version: "v1", plural: "services", kind: "Service")
    package static let pods = Self(group: "", version: "v1", plural: "pods", kind: "Pod")
    package static let persistentVolumeClaims = Self(
        group: "",
        version: "v1",
        plural: "persistentvolumeclaims",
        kind: "PersistentVolumeClaim"
    )
    package static let events = Self(group: "", version: "v1", plural: "events", kind: "Event")
    package static let statefulSets = Self(group: "apps", version: "v1", plural: "statefulsets", kind: "StatefulSet")
    package static let networkPolicies = Self(
        group: "networking.k8s.io",
        version: "v1",
        plural: "networkpolicies",
        kind: "NetworkPolicy"
    )
}
