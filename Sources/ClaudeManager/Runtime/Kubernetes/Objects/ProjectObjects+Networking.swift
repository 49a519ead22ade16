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

    /// `project-<shortName>-agent`: isolates the project's pods in both directions.
    ///
    /// In: code-server and the agent bridge only from the manager's pods (``KubernetesObjectSettings/managerPodLabels``
    /// plus ``KubernetesObjectSettings/agentAPIPeerCIDRs``) and the ingress controller's pods, when configured; the
    /// dev server only from the manager, which proxies it. No other pod, another project's included, gets in.
    /// Out: the cluster DNS (`kube-system` pods `k8s-app=kube-dns`, UDP and TCP 53) and any address outside
    /// ``KubernetesObjectSettings/egressDeniedCIDRs`` (by default the private, CGNAT and link-local ranges, which
    /// hold the cluster's pods and services and the cloud metadata address).
    static func makeNetworkPolicy(
        names: ProjectObjectNames,
        labels: StringMap,
        selector: StringMap,
        settings: KubernetesObjectSettings
    ) -> NetworkPolicyObject {
        typealias Peer = NetworkPolicyObject.Peer
        let managerPeers =
            [Peer(podSelector: PodSelector(matchLabels: StringMap(settings.managerPodLabels)))]
            + settings.agentAPIPeerCIDRs.map { Peer(ipBlock: .init(cidr: $0)) }
        let ingressControllerPeers = settings.ingressControllerPodLabels.map { labels in
            [
                Peer(
                    podSelector: PodSelector(matchLabels: StringMap(labels)),
                    namespaceSelector: settings.ingressControllerNamespace.map {
                        PodSelector(matchLabels: [namespaceNameLabel: $0])
                    }
                )
            ]
        }
        let clusterDNS = Peer(
            podSelector: PodSelector(matchLabels: ["k8s-app": "kube-dns"]),
            namespaceSelector: PodSelector(matchLabels: [namespaceNameLabel: "kube-system"])
        )
        let tcp: (ServedPort) -> NetworkPolicyObject.Port = { .init(protocol: "TCP", port: .int($0.number)) }
        return NetworkPolicyObject(
            metadata: metadata(names.networkPolicy, labels: labels, settings: settings),
            spec: NetworkPolicyObject.Spec(
                podSelector: PodSelector(matchLabels: selector),
                policyTypes: ["Ingress", "Egress"],
                ingress: [
                    NetworkPolicyObject.IngressRule(
                        from: managerPeers + (ingressControllerPeers ?? []),
                        ports: [tcp(codeServerPort), tcp(agentAPIPort)]
                    ),
                    NetworkPolicyObject.IngressRule(from: managerPeers, ports: [tcp(devServerPort)]),
                ],
                egress: [
                    NetworkPolicyObject.EgressRule(
                        to: [clusterDNS],
                        ports: [.init(protocol: "UDP", port: .int(53)), .init(protocol: "TCP", port: .int(53))]
                    ),
                    NetworkPolicyObject.EgressRule(
                        to: [
                            Peer(
                                ipBlock: .init(
                                    cidr: "0.0.0.0/0",
                                    except: settings.egressDeniedCIDRs.isEmpty ? nil : settings.egressDeniedCIDRs
                                )
                            )
                        ]
                    ),
                ]
            )
        )
    }

    /// The label the API server puts on every namespace, holding its name.
    static let namespaceNameLabel = "kubernetes.io/metadata.name"

    /// Labels a project's pod carries with the same value in every project.
    static let fixedPodLabels = [nameLabel: appName, managedByLabel: managerName]

    /// Labels whose value on a project's pod varies: the instance (the short name) and project id, and those the
    /// StatefulSet controller adds (`controller-revision-hash`, `statefulset.kubernetes.io/pod-name`,
    /// `apps.kubernetes.io/pod-index`).
    static let variablePodLabelKeys: Set<String> = [
        instanceLabel, projectIDLabel, "controller-revision-hash", "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
    ]

    /// Whether the pod of some project, whatever its short name and id, could carry every label of `selector`.
    ///
    /// A selector that must tell the manager (or the ingress controller) from project pods needs one label a project
    /// pod never has: a key outside ``fixedPodLabels`` and ``variablePodLabelKeys``, or a fixed key with another
    /// value. An empty selector matches every pod.
    package static func podLabelsCanSatisfy(_ selector: [String: String]) -> Bool {
        selector.allSatisfy { key, value in
            if let fixed = fixedPodLabels[key] { return fixed == value }
            return variablePodLabelKeys.contains(key)
        }
    }
}
