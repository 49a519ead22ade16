import Foundation

/// A `networking.k8s.io/v1` `NetworkPolicy`.
package struct NetworkPolicyObject: ManifestObject, Equatable {
    package var apiVersion: String? = "networking.k8s.io/v1"
    package var kind: String? = "NetworkPolicy"
    package var metadata: ObjectMeta?
    package var spec: Spec?

    /// Which pods the policy isolates and what may reach them.
    package struct Spec: Sendable, Equatable, Codable {
        package var podSelector: PodSelector
        package var policyTypes: [String]?
        package var ingress: [IngressRule]?
    }

    /// Traffic allowed to the selected pods: to `ports` (all when absent) from `from` (anywhere when absent).
    package struct IngressRule: Sendable, Equatable, Codable {
        package var from: [Peer]?
        package var ports: [Port]?
    }

    /// A traffic source: pods in the policy's namespace matching a selector, or an IP range.
    package struct Peer: Sendable, Equatable, Codable {
        package var podSelector: PodSelector?
        package var ipBlock: IPBlock?
    }

    /// A CIDR range.
    package struct IPBlock: Sendable, Equatable, Codable {
        package var cidr: String
    }

    /// A destination port on the selected pods.
    package struct Port: Sendable, Equatable, Codable {
        package var `protocol`: String?
        package var port: IntOrString?
    }
}
