import ClaudeManager
import Testing

@Suite("Configuration of the projects' network isolation")
struct NetworkIsolationConfigurationTests {
    static let load = ConfigurationTests.load

    @Test func defaultsIsolateProjects() throws {
        let configuration = try Self.load([:])
        #expect(configuration.kubernetes.managerPodLabels == ["app.kubernetes.io/name": "claude-manager"])
        #expect(configuration.kubernetes.ingressControllerLabels == nil)
        #expect(configuration.kubernetes.ingressControllerNamespace == nil)
        #expect(
            configuration.kubernetes.projectEgressDenyCIDRs == [
                "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
            ]
        )
    }

    @Test func valuesAreRead() throws {
        let configuration = try Self.load([
            "MANAGER_POD_LABELS": "app=cm,tier=control",
            "INGRESS_CONTROLLER_LABELS": "app.kubernetes.io/name=ingress-nginx, app.kubernetes.io/component=controller",
            "INGRESS_CONTROLLER_NAMESPACE": "ingress-nginx",
            "PROJECT_EGRESS_DENY_CIDRS": "10.0.0.0/8, 169.254.169.254/32",
        ])
        #expect(configuration.kubernetes.managerPodLabels == ["app": "cm", "tier": "control"])
        #expect(
            configuration.kubernetes.ingressControllerLabels == [
                "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller",
            ]
        )
        #expect(configuration.kubernetes.ingressControllerNamespace == "ingress-nginx")
        #expect(configuration.kubernetes.projectEgressDenyCIDRs == ["10.0.0.0/8", "169.254.169.254/32"])
        #expect(try Self.load(["PROJECT_EGRESS_DENY_CIDRS": "none"]).kubernetes.projectEgressDenyCIDRs.isEmpty)
    }

    @Test(arguments: [
        ("MANAGER_POD_LABELS", "app.kubernetes.io/managed-by=claude-manager"),
        ("MANAGER_POD_LABELS", "app.kubernetes.io/instance=claude-manager"),
        ("MANAGER_POD_LABELS", "app.kubernetes.io/name=claude-dev-env"),
        ("MANAGER_POD_LABELS", ","),
        ("INGRESS_CONTROLLER_LABELS", "app.kubernetes.io/managed-by=claude-manager"),
        ("INGRESS_CONTROLLER_LABELS", "nginx"),
        ("INGRESS_CONTROLLER_NAMESPACE", "Ingress_NGINX"),
        ("PROJECT_EGRESS_DENY_CIDRS", "10.0.0.0"),
        ("PROJECT_EGRESS_DENY_CIDRS", "10.0.0.0/33"),
        ("PROJECT_EGRESS_DENY_CIDRS", "0.0.0.0/0"),
        ("PROJECT_EGRESS_DENY_CIDRS", "fd00::/8"),
        ("PROJECT_EGRESS_DENY_CIDRS", "10.0.0.256/8"),
    ])
    func unsafeOrMalformedValuesStopStartup(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) { try Self.load([variable: value]) }
        #expect(error?.variable == variable)
    }

    @Test func anIngressControllerElsewhereMayShareLabelsWithProjects() throws {
        let configuration = try Self.load([
            "INGRESS_CONTROLLER_LABELS": "app.kubernetes.io/managed-by=claude-manager",
            "INGRESS_CONTROLLER_NAMESPACE": "ingress", "KUBERNETES_NAMESPACE": "projects",
        ])
        #expect(configuration.kubernetes.ingressControllerLabels == ["app.kubernetes.io/managed-by": "claude-manager"])
        #expect(throws: ConfigurationError.self) {
            try Self.load([
                "INGRESS_CONTROLLER_LABELS": "app.kubernetes.io/managed-by=claude-manager",
                "INGRESS_CONTROLLER_NAMESPACE": "projects", "KUBERNETES_NAMESPACE": "projects",
            ])
        }
    }
}
