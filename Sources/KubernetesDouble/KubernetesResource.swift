/// A namespaced resource type the double serves, e.g. `statefulsets` in `apps/v1`.
package struct KubernetesResource: Sendable, Hashable {
    /// The plural in paths and in `Status.details.kind`, e.g. `statefulsets`.
    package let plural: String
    /// The object `kind`, e.g. `StatefulSet`.
    package let kind: String
    /// The API group; empty for core.
    package let group: String
    package let version: String

    /// `apps/v1`, or `v1` for core.
    package var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `statefulsets.apps`, or `pods` for core, as in `NotFound` messages.
    package var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The collection path in `namespace`.
    package func path(namespace: String) -> String {
        let root = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        return "\(root)/namespaces/\(namespace)/\(plural)"
    }

    package static let secrets = Self(plural: "secrets", kind: "Secret", group: "", version: "v1")
    package static let configMaps = Self(plural: "configmaps", kind: "ConfigMap", group: "", version: "v1")
    package static let services = Self(plural: "services", kind: "Service", group: "", version: "v1")
    package static let pods = Self(plural: "pods", kind: "Pod", group: "", version: "v1")
    package static let persistentVolumeClaims = Self(
        plural: "persistentvolumeclaims",
        kind: "PersistentVolumeClaim",
        group: "",
        version: "v1"
    )
    package static let events = Self(plural: "events", kind: "Event", group: "", version: "v1")
    package static let statefulSets = Self(plural: "statefulsets", kind: "StatefulSet", group: "apps", version: "v1")
    package static let networkPolicies = Self(
        plural: "networkpolicies",
        kind: "NetworkPolicy",
        group: "networking.k8s.io",
        version: "v1"
    )

    /// Every resource served.
    package static let all: [Self] = [
        .secrets, .configMaps, .services, .pods, .persistentVolumeClaims, .events, .statefulSets, .networkPolicies,
    ]

    /// The served resource at `group`/`version`/`plural`, or `nil`.
    package static func named(_ plural: String, group: String, version: String) -> Self? {
        all.first { $0.plural == plural && $0.group == group && $0.version == version }
    }
}
