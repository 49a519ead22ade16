import Foundation

/// A CA, a server certificate for 127.0.0.1 and `kubernetes.test`, one for `kubernetes.test` only, and a client
/// certificate, made with the `openssl` CLI in a folder.
struct TestCertificates {
    let directory: URL

    var caCertificate: URL { directory.appendingPathComponent("ca.crt") }
    var serverCertificate: URL { directory.appendingPathComponent("server.crt") }
    var serverKey: URL { directory.appendingPathComponent("server.key") }
    var clientCertificate: URL { directory.appendingPathComponent("client.crt") }
    var clientKey: URL { directory.appendingPathComponent("client.key") }
    /// A server certificate naming only `kubernetes.test`, not the address.
    var namedServerCertificate: URL { directory.appendingPathComponent("named.crt") }
    var namedServerKey: URL { directory.appendingPathComponent("named.key") }

    /// Writes the files into `directory`.
    static func make(in directory: URL) throws -> Self {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = Self(directory: directory)
        try certificates.generate()
        return certificates
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }

    private func generate() throws {
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(
            ["req", "-x509"] + key + [
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=claude-test-ca",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ]
        )
        try sign(
            "server",
            subject: "/CN=kubernetes.test",
            extensions: """
                subjectAltName=IP:127.0.0.1,DNS:kubernetes.test
                extendedKeyUsage=serverAuth
                keyUsage=critical,digitalSignature
                """,
            key: key
        )
        try sign(
            "named",
            subject: "/CN=kubernetes.test",
            extensions: """
                subjectAltName=DNS:kubernetes.test
                extendedKeyUsage=serverAuth
                keyUsage=critical,digitalSignature
                """,
            key: key
        )
        try sign(
            "client",
            subject: "/CN=claude-manager",
            extensions: """
                extendedKeyUsage=clientAuth
                keyUsage=critical,digitalSignature
                """,
            key: key
        )
    }

    private func sign(_ name: String, subject: String, extensions: String, key: [String]) throws {
        try extensions.write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl(["req"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject])
        try openssl([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "\(name).crt", "-days", "1", "-extfile", "\(name).ext",
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLFailure(arguments: arguments, output: text)
        }
    }
}

/// `openssl` failed.
struct OpenSSLFailure: Error, CustomStringConvertible {
    let arguments: [String]
    let output: String

    var description: String { "openssl \(arguments.joined(separator: " ")) failed: \(output)" }
}
