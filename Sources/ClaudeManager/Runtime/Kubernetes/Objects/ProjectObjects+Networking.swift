import Foundation

extension ProjectObjects {
    /// A port the project's container serves, with the name the Service and probes use.
    package struct ServedPort: Sendable, Equatable {
        package var name: String
        package var number: Int
    }

    /// code-server (the browser IDE, password `CODE_SERVER_PASSWORD`).
    package static let codeServerPort = ServedPort(name: "code-server", number: 8443)
    /// AgentAPI, which has no authentication of its own.
    package static let agentAPIPort = ServedPort(name: "agent-api", number: 3284)
    /// Whatever development server the agent starts.
    package static let devServerPort = ServedPort(name: "dev-server", number: 3000)
    package static let servedPorts = [codeServerPort, agentAPIPort, devServerPort]

    /// `project-<shortName>-service`: a ClusterIP Service over the three ports, targeting them by name.
    static func makeService(
        names: ProjectObjectNames,
        labels: StringMap,
        selector: StringMap,
        settings: KubernetesObjectSettings
    ) -> ServiceObject {
        ServiceObject(
            metadata: metadata(names.service, labels: labels, settings: settings),
            spec: ServiceObject.Spec(
                type: "ClusterIP",
                selector: selector,
                ports: servedPorts.map {
                    ServiceObject.Port(name: $0.name, protocol: "TCP", port: $0.number, targetPort: .string($0.name))
                }
            )
        )
    }

    /// `project-<shortName>-agent`: isolates the project's pods for ingress and admits AgentAPI traffic only from
    /// the manager's pods (``KubernetesObjectSettings/managerPodLabels``) and the configured CIDRs.
    ///
    /// code-server and the dev server stay open to any source: users reach them through an Ingress whose
    /// controller usually runs in another namespace, code-server asks for its own password, and the dev server
    /// is meant to be looked at. AgentAPI has no authentication and drives the agent, so it alone is fenced.
    /// Egress is not restricted (the agent needs git hosts, package registries and the Anthropic API).
    static func makeNetworkPolicy(
        names: ProjectObjectNames,
        labels: StringMap,
        selector: StringMap,
        settings: KubernetesObjectSettings
    ) -> NetworkPolicyObject {
        let managerPeer = NetworkPolicyObject.Peer(
            podSelector: PodSelector(matchLabels: StringMap(settings.managerPodLabels))
        )
        let cidrPeers = settings.agentAPIPeerCIDRs.map { NetworkPolicyObject.Peer(ipBlock: .init(cidr: $0)) }
        let tcp: (ServedPort) -> NetworkPolicyObject.Port = { .init(protocol: "TCP", port: .int($0.number)) }
        return NetworkPolicyObject(
            metadata: metadata(names.networkPolicy, labels: labels, settings: settings),
            spec: NetworkPolicyObject.Spec(
                podSelector: PodSelector(matchLabels: selector),
                policyTypes: ["Ingress"],
                ingress: [
                    NetworkPolicyObject.IngressRule(from: [managerPeer] + cidrPeers, ports: [tcp(agentAPIPort)]),
                    NetworkPolicyObject.IngressRule(ports: [tcp(codeServerPort), tcp(devServerPort)]),
                ]
            )
        )
    }
}
