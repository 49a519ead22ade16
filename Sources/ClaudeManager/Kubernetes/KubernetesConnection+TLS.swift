import NIOSSL

/// The TLS settings of a connection.
extension KubernetesConnection {
    /// A client TLS configuration trusting ``certificateAuthority`` (else the system roots), presenting the client
    /// certificate when there is one, and not verifying the server when ``isTLSVerificationDisabled``.
    package func makeTLSConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let certificateAuthority {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(certificateAuthority))
            } catch {
                throw KubernetesConfigurationError.invalidCertificate(
                    field: "certificate-authority",
                    entry: source,
                    reason: String(describing: error)
                )
            }
        }
        if let clientCertificate, let clientKey {
            do {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(clientCertificate).map {
                    .certificate($0)
                }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: clientKey, format: .pem))
            } catch {
                throw KubernetesConfigurationError.invalidCertificate(
                    field: "client-certificate",
                    entry: source,
                    reason: String(describing: error)
                )
            }
        }
        if isTLSVerificationDisabled {
            configuration.certificateVerification = .none
        }
        return configuration
    }
}
