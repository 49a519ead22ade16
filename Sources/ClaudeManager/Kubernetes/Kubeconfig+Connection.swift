import Foundation
import NIOSSL

/// Turning a context into a connection.
extension Kubeconfig {
    /// The connection of `context`, or of `current-context` when `context` is `nil` or empty.
    ///
    /// Certificates and keys are read and checked now, so a bad one fails here, naming its entry.
    package func connection(context requested: String? = nil) throws -> KubernetesConnection {
        guard let contextName = [requested, currentContext].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw KubernetesConfigurationError.noCurrentContext
        }
        guard let context = contexts[contextName] else {
            throw KubernetesConfigurationError.contextNotFound(name: contextName, available: contexts.keys.sorted())
        }
        guard let cluster = clusters[context.cluster] else {
            throw KubernetesConfigurationError.clusterNotFound(name: context.cluster, context: contextName)
        }
        let server = cluster.server ?? ""
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw KubernetesConfigurationError.invalidServer(cluster: context.cluster, server: server)
        }
        var connection = KubernetesConnection(
            server: server,
            isTLSVerificationDisabled: cluster.isTLSVerificationDisabled,
            tlsServerName: cluster.tlsServerName.flatMap { $0.isEmpty ? nil : $0 },
            namespace: context.namespace.flatMap { $0.isEmpty ? nil : $0 },
            source: "kubeconfig context \"\(contextName)\""
        )
        let clusterEntry = "cluster \"\(context.cluster)\""
        connection.certificateAuthority = try Self.material(
            data: cluster.certificateAuthorityData,
            path: cluster.certificateAuthority,
            field: "certificate-authority",
            entry: clusterEntry,
            directory: cluster.directory
        )
        if let certificates = connection.certificateAuthority {
            try Self.checkCertificates(certificates, field: "certificate-authority", entry: clusterEntry)
        }
        if let userName = context.user, !userName.isEmpty {
            guard let user = users[userName] else {
                throw KubernetesConfigurationError.userNotFound(name: userName, context: contextName)
            }
            try Self.apply(user, named: userName, context: contextName, to: &connection)
        }
        return connection
    }

    private static func apply(
        _ user: User,
        named userName: String,
        context contextName: String,
        to connection: inout KubernetesConnection
    ) throws {
        if user.usesExec {
            throw KubernetesConfigurationError.unsupportedAuthentication(
                feature: "exec",
                user: userName,
                context: contextName
            )
        }
        if let provider = user.authProvider {
            throw KubernetesConfigurationError.unsupportedAuthentication(
                feature: provider.isEmpty ? "auth-provider" : "auth-provider \"\(provider)\"",
                user: userName,
                context: contextName
            )
        }
        if let token = user.token, !token.isEmpty {
            connection.credentials = .token(token)
        } else if let tokenFile = user.tokenFile, !tokenFile.isEmpty {
            connection.credentials = .tokenFile(path: resolve(tokenFile, in: user.directory))
        }
        let userEntry = "user \"\(userName)\""
        connection.clientCertificate = try material(
            data: user.clientCertificateData,
            path: user.clientCertificate,
            field: "client-certificate",
            entry: userEntry,
            directory: user.directory
        )
        connection.clientKey = try material(
            data: user.clientKeyData,
            path: user.clientKey,
            field: "client-key",
            entry: userEntry,
            directory: user.directory
        )
        switch (connection.clientCertificate, connection.clientKey) {
        case (let certificate?, let key?):
            try checkCertificates(certificate, field: "client-certificate", entry: userEntry)
            do {
                _ = try NIOSSLPrivateKey(bytes: key, format: .pem)
            } catch {
                throw KubernetesConfigurationError.invalidCertificate(
                    field: "client-key",
                    entry: userEntry,
                    reason: "not a PEM private key (\(error))"
                )
            }
        case (.some, nil):
            throw KubernetesConfigurationError.invalidCertificate(
                field: "client-certificate",
                entry: userEntry,
                reason: "client-key is missing"
            )
        case (nil, .some):
            throw KubernetesConfigurationError.invalidCertificate(
                field: "client-key",
                entry: userEntry,
                reason: "client-certificate is missing"
            )
        case (nil, nil):
            break
        }
    }

    /// The bytes of `…-data` (base64) when set, else of the file at `path`; `nil` when neither is set.
    private static func material(
        data: String?,
        path: String?,
        field: String,
        entry: String,
        directory: String
    ) throws -> [UInt8]? {
        if let data, !data.isEmpty {
            let compact = data.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact) else {
                throw KubernetesConfigurationError.invalidBase64(field: field + "-data", entry: entry)
            }
            return Array(decoded)
        }
        guard let path, !path.isEmpty else { return nil }
        return try readFile(resolve(path, in: directory))
    }

    private static func checkCertificates(_ pem: [UInt8], field: String, entry: String) throws {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw KubernetesConfigurationError.invalidCertificate(
                field: field,
                entry: entry,
                reason: "not a PEM certificate (\(error))"
            )
        }
        if certificates.isEmpty {
            throw KubernetesConfigurationError.invalidCertificate(
                field: field,
                entry: entry,
                reason: "no PEM certificate found"
            )
        }
    }

    /// `path`, made absolute against `directory` when relative.
    static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubernetesConfigurationError.unreadableFile(path: path, reason: "the file does not exist")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw KubernetesConfigurationError.unreadableFile(path: path, reason: error.localizedDescription)
        }
    }
}
