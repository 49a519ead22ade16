import Foundation
import Yams

/// One or more kubeconfig files merged as kubectl does: the first file to set a value wins (PROTOCOLS.md 3.1).
package struct Kubeconfig: Sendable {
    /// A `clusters[].cluster` entry.
    package struct Cluster: Sendable, Equatable {
        package var server: String?
        package var certificateAuthority: String?
        package var certificateAuthorityData: String?
        package var isTLSVerificationDisabled: Bool
        package var tlsServerName: String?
        /// The directory of the file that defined the entry; relative paths resolve against it.
        package var directory: String
    }

    /// A `users[].user` entry.
    package struct User: Sendable, Equatable {
        package var token: String?
        package var tokenFile: String?
        package var clientCertificate: String?
        package var clientCertificateData: String?
        package var clientKey: String?
        package var clientKeyData: String?
        /// Whether the user runs an `exec` credential plugin.
        package var usesExec: Bool
        /// The `auth-provider` name, when the user has one.
        package var authProvider: String?
        package var directory: String
    }

    /// A `contexts[].context` entry.
    package struct Context: Sendable, Equatable {
        package var cluster: String
        package var user: String?
        package var namespace: String?
    }

    package var currentContext: String?
    package var clusters: [String: Cluster] = [:]
    package var users: [String: User] = [:]
    package var contexts: [String: Context] = [:]

    /// The files to read, in order: `explicitPath` alone when given, else the `:`-separated `KUBECONFIG` of
    /// `environment`, else `~/.kube/config` in `homeDirectory`.
    package static func paths(explicitPath: String?, environment: [String: String], homeDirectory: String) -> [String] {
        if let explicitPath, !explicitPath.isEmpty { return [explicitPath] }
        let listed = (environment["KUBECONFIG"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        if !listed.isEmpty { return listed }
        return [URL(fileURLWithPath: homeDirectory).appendingPathComponent(".kube/config").path]
    }

    /// Reads and merges `paths`; missing files are skipped unless all are missing.
    package static func load(paths: [String]) throws -> Self {
        var merged = Self()
        var readAny = false
        for path in paths where FileManager.default.fileExists(atPath: path) {
            readAny = true
            merged.merge(try KubeconfigFile.read(path: path), directory: Self.directory(of: path))
        }
        guard readAny else { throw KubernetesConfigurationError.fileMissing(path: paths.first ?? "") }
        return merged
    }

    private static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    private mutating func merge(_ file: KubeconfigFile, directory: String) {
        if currentContext == nil, let name = file.currentContext, !name.isEmpty {
            currentContext = name
        }
        for entry in file.clusters ?? [] where clusters[entry.name] == nil {
            let cluster = entry.cluster
            clusters[entry.name] = Cluster(
                server: cluster?.server,
                certificateAuthority: cluster?.certificateAuthority,
                certificateAuthorityData: cluster?.certificateAuthorityData,
                isTLSVerificationDisabled: cluster?.insecureSkipTLSVerify ?? false,
                tlsServerName: cluster?.tlsServerName,
                directory: directory
            )
        }
        for entry in file.users ?? [] where users[entry.name] == nil {
            let user = entry.user
            users[entry.name] = User(
                token: user?.token,
                tokenFile: user?.tokenFile,
                clientCertificate: user?.clientCertificate,
                clientCertificateData: user?.clientCertificateData,
                clientKey: user?.clientKey,
                clientKeyData: user?.clientKeyData,
                usesExec: user?.exec != nil,
                authProvider: user?.authProvider.map { $0.name ?? "" },
                directory: directory
            )
        }
        for entry in file.contexts ?? [] where contexts[entry.name] == nil {
            contexts[entry.name] = Context(
                cluster: entry.context?.cluster ?? "",
                user: entry.context?.user,
                namespace: entry.context?.namespace
            )
        }
    }
}

/// The YAML shape of one kubeconfig file (client-go `clientcmd/api/v1`), as far as the manager reads it.
private struct KubeconfigFile: Decodable {
    struct NamedCluster: Decodable {
        var name: String
        var cluster: ClusterFields?
    }

    struct ClusterFields: Decodable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }

    struct NamedUser: Decodable {
        var name: String
        var user: UserFields?
    }

    struct UserFields: Decodable {
        struct Exec: Decodable {
            var command: String?
        }

        struct AuthProvider: Decodable {
            var name: String?
        }

        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var exec: Exec?
        var authProvider: AuthProvider?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    struct NamedContext: Decodable {
        var name: String
        var context: ContextFields?
    }

    struct ContextFields: Decodable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    var currentContext: String?
    var clusters: [NamedCluster]?
    var users: [NamedUser]?
    var contexts: [NamedContext]?

    enum CodingKeys: String, CodingKey {
        case clusters, users, contexts
        case currentContext = "current-context"
    }

    static func read(path: String) throws -> Self {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubernetesConfigurationError.unreadableFile(path: path, reason: error.localizedDescription)
        }
        if text.allSatisfy(\.isWhitespace) { return Self() }
        do {
            return try YAMLDecoder().decode(Self.self, from: text)
        } catch {
            throw KubernetesConfigurationError.invalidKubeconfig(path: path, reason: String(describing: error))
        }
    }

    init() {}
}
