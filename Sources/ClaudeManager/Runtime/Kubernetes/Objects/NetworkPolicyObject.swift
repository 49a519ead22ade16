import Foundation

/// A `networking.k8s.io/v1` `NetworkPolicy`.
package struct NetworkPolicyObject: ManifestObject, Equatable {
    package var apiVersion: String? = "networking.k8s.io/v1"
    package var kind: String? = "NetworkPolicy"
    package var metadata: ObjectMeta?
    package var spec: Spec?

    /// Which pods the policy isolates, what may reach them and what they may reach.
    package struct Spec: Sendable, Equatable, Codable {
        package var podSelector: PodSelector
        package var policyTypes: [String]?
        package var ingress: [IngressRule]?
        package var egress: [EgressRule]?
    }

    /// Traffic allowed to the selected pods: to `ports` (all when absent) from `from` (anywhere when absent).
    package struct IngressRule: Sendable, Equatable, Codable {
        package var from: [Peer]?
        package var ports: [Port]?
    }

    /// Traffic allowed from the selected pods: to `ports` (all when absent) of `to` (anywhere when absent).
    package struct EgressRule: Sendable, Equatable, Codable {
        package var to: [Peer]?
        package var ports: [Port]?
    }

    /// A traffic peer: pods matching `podSelector` in the namespaces matching `namespaceSelector` (the policy's own
    /// namespace when absent), or an IP range.
    package struct Peer: Sendable, Equatable, Codable {
        package var podSelector: PodSelector?
        package var namespaceSelector: PodSelector?
        package var ipBlock: IPBlock?
    }

    /// A CIDR range, minus the ranges in `except`.
    package struct IPBlock: Sendable, Equatable, Codable {
        package var cidr: String
        package var except: [String]?
    }

    /// A port on the selected pods (ingress) or on the peer (egress).
    package struct Port: Sendable, Equatable, Codable {
        package var `protocol`: String?
        package var port: IntOrString?
    }
}
