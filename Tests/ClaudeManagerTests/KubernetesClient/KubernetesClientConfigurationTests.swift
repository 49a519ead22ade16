import ClaudeManager
import Foundation
import Testing

@Suite("Kubeconfig and in-cluster configuration")
struct KubernetesClientConfigurationTests {
    /// Runs `body` with a fresh temporary folder.
    private func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @discardableResult
    private func write(_ text: String, _ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The configuration error `body` throws; records an issue when it throws nothing or something else.
    private func configurationError(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) -> KubernetesConfigurationError? {
        do {
            try body()
        } catch let error as KubernetesConfigurationError {
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
        Issue.record("expected a configuration error", sourceLocation: sourceLocation)
        return nil
    }

    @Test("two files merge; the first to set a value wins; current-context or an explicit context picks")
    func merge() throws {
        try withDirectory { directory in
            let first = try write(
                """
                apiVersion: v1
                kind: Config
                current-context: dev
                clusters:
                - name: dev
                  cluster: {server: "https://dev.example:6443"}
                contexts:
                - name: dev
                  context: {cluster: dev, user: dev, namespace: team-a}
                users:
                - name: dev
                  user: {token: dev-token}
                """,
                "first.yaml",
                in: directory
            )
            let second = try write(
                """
                current-context: prod
                clusters:
                - name: dev
                  cluster: {server: "https://ignored.example"}
                - name: prod
                  cluster: {server: "https://prod.example", insecure-skip-tls-verify: true, tls-server-name: api.prod}
                contexts:
                - name: prod
                  context: {cluster: prod, user: prod}
                users:
                - name: prod
                  user: {tokenFile: tokens/prod}
                """,
                "second.yaml",
                in: directory
            )
            let paths = Kubeconfig.paths(
                explicitPath: nil,
                environment: ["KUBECONFIG": "\(first.path)::\(second.path)"],
                homeDirectory: "/nonexistent"
            )
            #expect(paths == [first.path, second.path])
            let kubeconfig = try Kubeconfig.load(paths: paths + [directory.appendingPathComponent("missing").path])
            #expect(kubeconfig.currentContext == "dev")

            let dev = try kubeconfig.connection()
            #expect(dev.server == "https://dev.example:6443")
            #expect(dev.credentials == .token("dev-token"))
            #expect(dev.namespace == "team-a")
            #expect(dev.isTLSVerificationDisabled == false)
            #expect(!dev.description.contains("dev-token"))

            let prod = try kubeconfig.connection(context: "prod")
            #expect(prod.server == "https://prod.example")
            #expect(prod.isTLSVerificationDisabled)
            #expect(prod.tlsServerName == "api.prod")
            #expect(prod.namespace == nil)
            #expect(prod.credentials == .tokenFile(path: directory.appendingPathComponent("tokens/prod").path))
        }
    }

    @Test("certificates come from -data fields or from files relative to the kubeconfig")
    func certificates() throws {
        try withDirectory { directory in
            let certificates = try TestCertificates.make(
                in: directory.appendingPathComponent("certs", isDirectory: true)
            )
            let authority = try TestCertificates.bytes(certificates.caCertificate)
            let configDirectory = directory.appendingPathComponent("config", isDirectory: true)
            let path = try write(
                """
                current-context: kind
                clusters:
                - name: kind
                  cluster:
                    server: https://127.0.0.1:6443
                    certificate-authority-data: \(Data(authority).base64EncodedString())
                - name: file
                  cluster:
                    server: https://127.0.0.1:6443
                    certificate-authority: ../certs/ca.crt
                contexts:
                - {name: kind, context: {cluster: kind, user: kind}}
                - {name: file, context: {cluster: file, user: data}}
                users:
                - name: kind
                  user:
                    client-certificate: ../certs/client.crt
                    client-key: ../certs/client.key
                - name: data
                  user:
                    client-certificate-data: \(Data(try TestCertificates.bytes(certificates.clientCertificate)).base64EncodedString())
                    client-key-data: \(Data(try TestCertificates.bytes(certificates.clientKey)).base64EncodedString())
                """,
                "kubeconfig",
                in: configDirectory
            )
            let kubeconfig = try Kubeconfig.load(paths: [path.path])
            for context in ["kind", "file"] {
                let connection = try kubeconfig.connection(context: context)
                #expect(connection.certificateAuthority == authority)
                #expect(connection.clientCertificate == (try TestCertificates.bytes(certificates.clientCertificate)))
                #expect(connection.clientKey == (try TestCertificates.bytes(certificates.clientKey)))
                #expect(connection.credentials == .none)
                _ = try connection.makeTLSConfiguration()
            }
        }
    }

    @Test("exec and auth-provider users fail, naming the feature, user and context")
    func unsupportedUsers() throws {
        try withDirectory { directory in
            let path = try write(
                """
                clusters:
                - {name: c, cluster: {server: "https://c.example"}}
                contexts:
                - {name: eks, context: {cluster: c, user: aws}}
                - {name: gke, context: {cluster: c, user: google}}
                users:
                - name: aws
                  user:
                    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token]}
                - name: google
                  user:
                    auth-provider: {name: gcp, config: {cmd-path: gcloud}}
                """,
                "config",
                in: directory
            )
            let kubeconfig = try Kubeconfig.load(paths: [path.path])
            let exec = configurationError { _ = try kubeconfig.connection(context: "eks") }
            #expect(exec == .unsupportedAuthentication(feature: "exec", user: "aws", context: "eks"))
            #expect(exec?.description.contains("exec") == true)
            let provider = configurationError { _ = try kubeconfig.connection(context: "gke") }
            #expect(
                provider == .unsupportedAuthentication(feature: "auth-provider \"gcp\"", user: "google", context: "gke")
            )
            #expect(provider?.description.contains("user \"google\" of context \"gke\"") == true)
        }
    }

    @Test("clear errors: missing file, context, cluster, user, bad base64, unreadable certificate")
    func errors() throws {
        try withDirectory { directory in
            let missing = directory.appendingPathComponent("nope").path
            let missingFile = configurationError { _ = try Kubeconfig.load(paths: [missing]) }
            #expect(missingFile == .fileMissing(path: missing))
            let path = try write(
                """
                clusters:
                - {name: ok, cluster: {server: "https://ok.example"}}
                - {name: base64, cluster: {server: "https://ok.example", certificate-authority-data: "%%%not base64"}}
                - {name: garbage, cluster: {server: "https://ok.example", certificate-authority: garbage.pem}}
                - {name: absent, cluster: {server: "https://ok.example", certificate-authority: absent.pem}}
                contexts:
                - {name: no-cluster, context: {cluster: gone}}
                - {name: no-user, context: {cluster: ok, user: gone}}
                - {name: base64, context: {cluster: base64}}
                - {name: garbage, context: {cluster: garbage}}
                - {name: absent, context: {cluster: absent}}
                """,
                "config",
                in: directory
            )
            try write("not a certificate", "garbage.pem", in: directory)
            let kubeconfig = try Kubeconfig.load(paths: [path.path])
            let noContext = configurationError { _ = try kubeconfig.connection() }
            #expect(noContext == .noCurrentContext)
            let unknown = configurationError { _ = try kubeconfig.connection(context: "prod") }
            #expect(unknown?.description.hasPrefix("context \"prod\" is not in the kubeconfig") == true)
            let noCluster = configurationError { _ = try kubeconfig.connection(context: "no-cluster") }
            #expect(noCluster == .clusterNotFound(name: "gone", context: "no-cluster"))
            let noUser = configurationError { _ = try kubeconfig.connection(context: "no-user") }
            #expect(noUser == .userNotFound(name: "gone", context: "no-user"))
            let badBase64 = configurationError { _ = try kubeconfig.connection(context: "base64") }
            #expect(badBase64 == .invalidBase64(field: "certificate-authority-data", entry: "cluster \"base64\""))
            let garbage = configurationError { _ = try kubeconfig.connection(context: "garbage") }
            guard case .invalidCertificate(let field, let entry, _) = garbage else {
                Issue.record("expected invalidCertificate, got \(String(describing: garbage))")
                return
            }
            #expect(field == "certificate-authority")
            #expect(entry == "cluster \"garbage\"")
            let absent = configurationError { _ = try kubeconfig.connection(context: "absent") }
            let absentPath = directory.appendingPathComponent("absent.pem").path
            #expect(absent == .unreadableFile(path: absentPath, reason: "the file does not exist"))

            try write("clusters: [unclosed", "broken", in: directory)
            let broken = configurationError {
                _ = try Kubeconfig.load(paths: [directory.appendingPathComponent("broken").path])
            }
            guard case .invalidKubeconfig = broken else {
                Issue.record("expected invalidKubeconfig, got \(String(describing: broken))")
                return
            }
        }
    }

    @Test("in-cluster: server from the environment (IPv6 bracketed), token file, CA and namespace")
    func inCluster() throws {
        try withDirectory { directory in
            let certificates = try TestCertificates.make(in: directory)
            let account = directory.appendingPathComponent("serviceaccount", isDirectory: true)
            try write("token-1\n", "token", in: account)
            try write("claude\n", "namespace", in: account)
            try FileManager.default.copyItem(
                at: certificates.caCertificate,
                to: account.appendingPathComponent("ca.crt")
            )

            let connection = try KubernetesConnection.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"],
                serviceAccountDirectory: account.path
            )
            #expect(connection.server == "https://10.96.0.1:443")
            #expect(connection.credentials == .tokenFile(path: account.appendingPathComponent("token").path))
            #expect(connection.namespace == "claude")
            #expect(connection.certificateAuthority == (try TestCertificates.bytes(certificates.caCertificate)))
            #expect(connection.tokenRefreshInterval <= .seconds(60))

            let ipv6 = try KubernetesConnection.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"],
                serviceAccountDirectory: account.path
            )
            #expect(ipv6.server == "https://[fd00::1]:6443")

            let missingPort = configurationError {
                _ = try KubernetesConnection.inCluster(
                    environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1"],
                    serviceAccountDirectory: account.path
                )
            }
            #expect(missingPort == .inClusterIncomplete(missing: "KUBERNETES_SERVICE_PORT"))
        }
    }

    @Test("is a cluster configured: in-cluster, explicit path, KUBECONFIG, or ~/.kube/config")
    func detection() throws {
        try withDirectory { directory in
            let account = directory.appendingPathComponent("serviceaccount", isDirectory: true)
            let home = directory.appendingPathComponent("home", isDirectory: true)
            let inClusterEnvironment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            func isConfigured(_ path: String? = nil, _ environment: [String: String] = [:]) -> Bool {
                KubernetesConnection.isClusterConfigured(
                    kubeconfigPath: path,
                    environment: environment,
                    homeDirectory: home.path,
                    serviceAccountDirectory: account.path
                )
            }
            #expect(!isConfigured())
            #expect(!isConfigured(nil, inClusterEnvironment))
            #expect(isConfigured("/some/kubeconfig"))
            #expect(isConfigured(nil, ["KUBECONFIG": "/a:/b"]))
            #expect(!isConfigured(nil, ["KUBECONFIG": ":"]))
            try write("token", "token", in: account)
            #expect(isConfigured(nil, inClusterEnvironment))
            try FileManager.default.removeItem(at: account)
            try write(
                """
                current-context: home
                clusters: [{name: home, cluster: {server: "http://127.0.0.1:8080"}}]
                contexts: [{name: home, context: {cluster: home}}]
                """,
                ".kube/config",
                in: home
            )
            #expect(isConfigured())
            let discovered = try KubernetesConnection.discover(
                kubeconfigPath: nil,
                context: nil,
                environment: [:],
                homeDirectory: home.path,
                serviceAccountDirectory: account.path
            )
            #expect(discovered.server == "http://127.0.0.1:8080")
            #expect(discovered.source == "kubeconfig context \"home\"")
        }
    }
}
