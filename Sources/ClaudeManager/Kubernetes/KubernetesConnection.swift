import Foundation

/// Where the API server is and how to authenticate to it, from a kubeconfig or the in-cluster service account.
///
/// Keys: `server` (`https://host:port`), `credentials`, `certificateAuthority` (PEM), `clientCertificate` and
/// `clientKey` (PEM), `isTLSVerificationDisabled`, `tlsServerName`, `namespace` (a fallback the caller may use),
/// `tokenRefreshInterval`, `source` (for messages).
package struct KubernetesConnection: Sendable, Equatable, CustomStringConvertible {
    /// How requests authenticate besides a client certificate.
    package enum Credentials: Sendable, Equatable, CustomStringConvertible {
        /// No `Authorization` header.
        case none
        /// A fixed bearer token.
        case token(String)
        /// A bearer token read from a file, re-read every `tokenRefreshInterval` and after a 401.
        case tokenFile(path: String)

        package var description: String {
            switch self {
            case .none: "none"
            case .token: "token <redacted>"
            case .tokenFile(let path): "token file \(path)"
            }
        }
    }

    /// The base URL, e.g. `https://10.0.0.1:443`, without a trailing slash.
    package var server: String
    package var credentials: Credentials
    /// PEM certificates to trust instead of the system's roots.
    package var certificateAuthority: [UInt8]?
    /// The PEM client certificate chain.
    package var clientCertificate: [UInt8]?
    /// The PEM private key of ``clientCertificate``.
    package var clientKey: [UInt8]?
    /// `insecure-skip-tls-verify`: the server's certificate is not checked.
    package var isTLSVerificationDisabled: Bool
    /// The name to expect in the server's certificate (and send as SNI) instead of the server's host.
    package var tlsServerName: String?
    /// The namespace of the kubeconfig context or service account, for callers without one configured.
    package var namespace: String?
    /// How often a token file is re-read.
    package var tokenRefreshInterval: Duration
    /// Where these settings came from, e.g. `in-cluster` or `kubeconfig context "kind"`.
    package var source: String

    package init(
        server: String,
        credentials: Credentials = .none,
        certificateAuthority: [UInt8]? = nil,
        clientCertificate: [UInt8]? = nil,
        clientKey: [UInt8]? = nil,
        isTLSVerificationDisabled: Bool = false,
        tlsServerName: String? = nil,
        namespace: String? = nil,
        tokenRefreshInterval: Duration = .seconds(60),
        source: String = "configuration"
    ) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.credentials = credentials
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.isTLSVerificationDisabled = isTLSVerificationDisabled
        self.tlsServerName = tlsServerName
        self.namespace = namespace
        self.tokenRefreshInterval = tokenRefreshInterval
        self.source = source
    }

    package var description: String {
        "\(server) (\(source), credentials: \(credentials))"
    }
}
