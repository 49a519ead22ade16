import Foundation
import Testing

@testable import ClaudeManager

@Suite("The NetworkPolicy of a project")
struct KubernetesObjectsNetworkPolicyTests {
    typealias Fixtures = KubernetesObjectsFixtures
    typealias Peer = NetworkPolicyObject.Peer
    typealias Port = NetworkPolicyObject.Port

    static func spec(
        _ settings: KubernetesObjectSettings,
        shortName: String = "pay-17"
    ) throws
        -> NetworkPolicyObject.Spec
    {
        var project = Fixtures.project
        project.shortName = shortName
        let objects = try KubernetesObjectsProjectTests.objects(project: project, settings: settings)
        return try #require(objects.networkPolicy.spec)
    }

    static func tcp(_ port: Int) -> Port { Port(protocol: "TCP", port: .int(port)) }

    static func pods(_ labels: [String: String]) -> Peer {
        Peer(podSelector: PodSelector(matchLabels: StringMap(labels)))
    }

    @Test func codeServerAndTheBridgeAdmitOnlyTheManagerAndTheIngressController() throws {
        var settings = Fixtures.settings
        settings.managerPodLabels = ["app": "manager", "tier": "control"]
        settings.agentAPIPeerCIDRs = ["203.0.113.7/32"]
        let spec = try Self.spec(settings)
        #expect(
            spec.podSelector.matchLabels == [
                "app.kubernetes.io/name": "claude-dev-env", "app.kubernetes.io/instance": "pay-17",
            ]
        )
        #expect(spec.policyTypes == ["Ingress", "Egress"])
        let manager = [Self.pods(["app": "manager", "tier": "control"]), Peer(ipBlock: .init(cidr: "203.0.113.7/32"))]
        let ingressController = Peer(
            podSelector: PodSelector(matchLabels: ["app.kubernetes.io/name": "ingress-nginx"]),
            namespaceSelector: PodSelector(matchLabels: ["kubernetes.io/metadata.name": "ingress-nginx"])
        )
        #expect(
            spec.ingress == [
                .init(from: manager + [ingressController], ports: [Self.tcp(8443), Self.tcp(3284)]),
                .init(from: manager, ports: [Self.tcp(3000)]),
            ]
        )
        // No rule admits every source, and every served port is covered by a rule (else it would be closed).
        #expect(spec.ingress?.allSatisfy { $0.from?.isEmpty == false && $0.ports?.isEmpty == false } == true)
        let admitted = spec.ingress?.flatMap { $0.ports ?? [] }.compactMap(\.port) ?? []
        #expect(admitted.count == ProjectObjects.servedPorts.count)
        #expect(ProjectObjects.servedPorts.allSatisfy { admitted.contains(.int($0.number)) })
    }

    @Test func anIngressControllerInTheProjectsNamespaceNeedsNoNamespaceSelector() throws {
        var settings = Fixtures.settings
        settings.ingressControllerNamespace = nil
        let sameNamespace = try Self.spec(settings)
        #expect(sameNamespace.ingress?.first?.from?.last == Self.pods(["app.kubernetes.io/name": "ingress-nginx"]))

        settings.ingressControllerPodLabels = nil
        let none = try Self.spec(settings)
        #expect(none.ingress?.first?.from == [Self.pods(["app.kubernetes.io/name": "claude-manager"])])
        #expect(none.ingress?.last?.from == none.ingress?.first?.from)
    }

    @Test func egressIsTheClusterDNSAndTheInternetWithoutPrivateRanges() throws {
        let spec = try Self.spec(Fixtures.settings)
        let dns = Peer(
            podSelector: PodSelector(matchLabels: ["k8s-app": "kube-dns"]),
            namespaceSelector: PodSelector(matchLabels: ["kubernetes.io/metadata.name": "kube-system"])
        )
        let denied = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"]
        #expect(
            spec.egress == [
                .init(
                    to: [dns],
                    ports: [Port(protocol: "UDP", port: .int(53)), Port(protocol: "TCP", port: .int(53))]
                ),
                .init(to: [Peer(ipBlock: .init(cidr: "0.0.0.0/0", except: denied))]),
            ]
        )
        // The cloud metadata address is in a denied range.
        #expect(denied.contains { Self.contains($0, "169.254.169.254") })

        var settings = Fixtures.settings
        settings.egressDeniedCIDRs = ["10.96.0.0/12"]
        #expect(
            try Self.spec(settings).egress?.last?.to == [
                Peer(ipBlock: .init(cidr: "0.0.0.0/0", except: ["10.96.0.0/12"]))
            ]
        )
        settings.egressDeniedCIDRs = []
        #expect(try Self.spec(settings).egress?.last?.to == [Peer(ipBlock: .init(cidr: "0.0.0.0/0"))])
    }

    /// Short names chosen to collide with the manager's and the ingress controller's label values.
    static let shortNames = [
        "claude-manager", "claude-dev-env", "manager", "ingress-nginx", "kube-dns", "pay-17", "a",
        String(repeating: "z", count: 44),
    ]

    /// The labels a running pod of the project has: its template's plus the StatefulSet controller's.
    static func podLabels(shortName: String) throws -> [String: String] {
        var project = Fixtures.project
        project.shortName = shortName
        let objects = try KubernetesObjectsProjectTests.objects(project: project)
        var labels = try #require(objects.statefulSet.spec?.template?.metadata?.labels).entries
        labels["statefulset.kubernetes.io/pod-name"] = "project-\(shortName)-0"
        labels["controller-revision-hash"] = "project-\(shortName)-5d8f7c9b6a"
        labels["apps.kubernetes.io/pod-index"] = "0"
        return labels
    }

    static func satisfies(_ labels: [String: String], _ selector: [String: String]) -> Bool {
        selector.allSatisfy { labels[$0.key] == $0.value }
    }

    @Test(arguments: shortNames)
    func noProjectPodPassesForTheManagerWhateverItsName(_ shortName: String) throws {
        let settings = KubernetesObjectSettings(namespace: "claude-envs", image: "img")
        let labels = try Self.podLabels(shortName: shortName)
        #expect(!Self.satisfies(labels, settings.managerPodLabels), "\(labels)")
        // The general argument: every pod label is fixed or one of the known varying keys, and the manager's
        // selector needs a fixed label with another value, so no short name or id can make the pod match.
        for (key, value) in labels {
            if let fixed = ProjectObjects.fixedPodLabels[key] {
                #expect(fixed == value, "\(key)")
            } else {
                #expect(ProjectObjects.variablePodLabelKeys.contains(key), "\(key) is not accounted for")
            }
        }
        #expect(!ProjectObjects.podLabelsCanSatisfy(settings.managerPodLabels))
    }

    @Test(arguments: [
        ["app.kubernetes.io/managed-by": "claude-manager"],
        ["app.kubernetes.io/instance": "claude-manager"],
        ["app.kubernetes.io/name": "claude-dev-env", "app.kubernetes.io/instance": "claude-manager"],
        ["statefulset.kubernetes.io/pod-name": "project-claude-manager-0"],
        [:],
    ])
    func aSelectorAProjectPodCanCarryIsRefused(_ selector: [String: String]) throws {
        #expect(ProjectObjects.podLabelsCanSatisfy(selector))
        // The check is not vacuous: a project named after the selector's value does match it.
        #expect(Self.satisfies(try Self.podLabels(shortName: "claude-manager"), selector))
        var settings = Fixtures.settings
        settings.managerPodLabels = selector
        #expect(
            throws: KubernetesObjectError.selectorMatchesProjectPods(setting: "MANAGER_POD_LABELS", labels: selector)
        ) {
            try KubernetesObjectsProjectTests.objects(settings: settings)
        }
        settings.managerPodLabels = ["app.kubernetes.io/name": "claude-manager"]
        settings.ingressControllerPodLabels = selector
        settings.ingressControllerNamespace = nil
        #expect(
            throws: KubernetesObjectError.selectorMatchesProjectPods(
                setting: "INGRESS_CONTROLLER_LABELS",
                labels: selector
            )
        ) {
            try KubernetesObjectsProjectTests.objects(settings: settings)
        }
        // In another namespace the controller's pods cannot be project pods, whatever their labels.
        settings.ingressControllerNamespace = "ingress-nginx"
        #expect(throws: Never.self) { try KubernetesObjectsProjectTests.objects(settings: settings) }
    }

    /// Whether the IPv4 `address` is inside `cidr`.
    static func contains(_ cidr: String, _ address: String) -> Bool {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let bits = UInt32(parts[1]) else { return false }
        let number = { (text: Substring) in
            text.split(separator: ".").compactMap { UInt32($0) }.reduce(UInt32(0)) { $0 << 8 | $1 }
        }
        let mask = bits == 0 ? 0 : UInt32.max << (32 - bits)
        return number(parts[0]) & mask == number(Substring(address)) & mask
    }
}
