import ClaudeManager
import Foundation
import KubernetesDouble
import Logging
import NIOSSL
import TestSupport
import Testing

@Suite("Kubernetes client: TLS")
struct KubernetesClientTLSTests {
    private let logger = Logger(label: "tls-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` against an HTTPS server that requires client certificates signed by the test CA; its
    /// certificate names 127.0.0.1, or only `kubernetes.test` when `isNamedOnly`.
    private func withServer(
        isNamedOnly: Bool = false,
        _ body: (_ certificates: TestCertificates, _ server: String) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificates = try TestCertificates.make(in: directory)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(
                (isNamedOnly ? certificates.namedServerCertificate : certificates.serverCertificate).path
            ).map { .certificate($0) },
            privateKey: .privateKey(
                try NIOSSLPrivateKey(
                    file: (isNamedOnly ? certificates.namedServerKey : certificates.serverKey).path,
                    format: .pem
                )
            )
        )
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificates.caCertificate.path))
        try await TLSTestServer.withRunning(tlsConfiguration: tls, logger: logger) { port in
            try await body(certificates, "https://127.0.0.1:\(port)")
        }
    }

    /// A kubeconfig at `directory/kubeconfig` for `server`, with the test CA inline and the client files relative.
    private func kubeconfig(
        _ certificates: TestCertificates,
        server: String,
        clusterExtras: [String] = [],
        withAuthority: Bool = true,
        withClientCertificate: Bool = true
    ) throws -> KubernetesConnection {
        let authority = try Data(contentsOf: certificates.caCertificate).base64EncodedString()
        var lines = [
            "current-context: tls",
            "clusters:",
            "- name: tls",
            "  cluster:",
            "    server: \(server)",
        ]
        if withAuthority { lines.append("    certificate-authority-data: \(authority)") }
        lines += clusterExtras.map { "    " + $0 }
        lines += ["contexts:", "- {name: tls, context: {cluster: tls, user: tls}}", "users:", "- name: tls", "  user:"]
        if withClientCertificate {
            lines += ["    client-certificate: client.crt", "    client-key: client.key"]
        } else {
            lines += ["    token: unused"]
        }
        let path = certificates.directory.appendingPathComponent("kubeconfig-\(UUID().uuidString)")
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
        return try Kubeconfig.load(paths: [path.path]).connection()
    }

    /// Sends one GET with a client built for `connection`; the client is shut down afterwards.
    private func fetch(_ connection: KubernetesConnection) async throws -> (Result<String?, any Error>, Int) {
        var configuration = KubernetesClient.Configuration.testing
        configuration.maximumAttempts = 3
        // A failed handshake is retried by the connection pool until the connect timeout.
        configuration.connectTimeout = .milliseconds(500)
        let client = try KubernetesClient(connection: connection, configuration: configuration, logger: logger)
        let result: Result<String?, any Error>
        do {
            let object = try await client.get(.configMaps, namespace: "ns", name: "tls", as: JSONValue.self)
            result = .success(object?.name)
        } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        return (result, client.stats.requests[.get] ?? 0)
    }

    @Test("a kubeconfig with the CA and a client certificate connects; without the CA TLS fails clearly, once")
    func clientCertificate() async throws {
        try await withServer { certificates, server in
            let (trusted, _) = try await fetch(try kubeconfig(certificates, server: server))
            #expect(try trusted.get() == "tls")

            let (untrusted, attempts) = try await fetch(
                try kubeconfig(certificates, server: server, withAuthority: false)
            )
            #expect(attempts == 1)
            guard case .failure(KubernetesError.transport(let message)) = untrusted else {
                Issue.record("expected a transport error, got \(untrusted)")
                return
            }
            #expect(message.contains("TLS with the Kubernetes API server at \(server) failed"))
            #expect(message.contains("CERTIFICATE_VERIFY_FAILED"))

            let (anonymous, _) = try await fetch(
                try kubeconfig(certificates, server: server, withClientCertificate: false)
            )
            #expect(throws: KubernetesError.self) { try anonymous.get() }
        }
    }

    @Test("tls-server-name replaces the host in verification; insecure-skip-tls-verify skips it")
    func serverName() async throws {
        try await withServer(isNamedOnly: true) { certificates, server in
            let (unnamed, _) = try await fetch(try kubeconfig(certificates, server: server))
            #expect(throws: KubernetesError.self) { try unnamed.get() }
            let (named, _) = try await fetch(
                try kubeconfig(certificates, server: server, clusterExtras: ["tls-server-name: kubernetes.test"])
            )
            #expect(try named.get() == "tls")
            let (misnamed, _) = try await fetch(
                try kubeconfig(certificates, server: server, clusterExtras: ["tls-server-name: wrong.test"])
            )
            #expect(throws: KubernetesError.self) { try misnamed.get() }
            let (insecure, _) = try await fetch(
                try kubeconfig(
                    certificates,
                    server: server,
                    clusterExtras: ["insecure-skip-tls-verify: true"],
                    withAuthority: false
                )
            )
            #expect(try insecure.get() == "tls")
        }
    }
}
