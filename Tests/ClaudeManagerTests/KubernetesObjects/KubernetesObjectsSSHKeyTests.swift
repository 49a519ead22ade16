import Foundation
import Testing

@testable import ClaudeManager

@Suite(
    "Public keys read from OpenSSH private keys",
    .enabled(if: TestEnvironment.runsSSHKeygenTests, "ssh-keygen is not installed")
)
struct KubernetesObjectsSSHKeyTests {
    /// Makes a key with `ssh-keygen` and returns the private key and `ssh-keygen -y`'s public key (no comment).
    /// Tests calling it need `.enabled(if: TestEnvironment.runsSSHKeygenTests)`.
    static func makeKey(type: String, passphrase: String = "") throws -> (privateKey: String, publicKey: String) {
        let keygen = TestEnvironment.sshKeygenPath
        try TestEnvironment.requireExecutable(keygen)
        let folder = try TestEnvironment.makeTemporaryDirectory("cm-sshkey")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/id"
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: keygen)
        generate.arguments = ["-q", "-t", type, "-N", passphrase, "-C", "test@example.com", "-f", path]
        try generate.run()
        generate.waitUntilExit()
        let privateKey = try String(contentsOfFile: path, encoding: .utf8)
        let publicLine = try String(contentsOfFile: "\(path).pub", encoding: .utf8)
        let publicKey = publicLine.split(separator: " ").prefix(2).joined(separator: " ")
        return (privateKey, publicKey)
    }

    @Test(arguments: ["ed25519", "ecdsa", "rsa"])
    func matchesSSHKeygen(_ type: String) throws {
        let key = try Self.makeKey(type: type)
        #expect(SSHPublicKey(openSSHPrivateKey: key.privateKey)?.description == key.publicKey)
    }

    @Test func readsEncryptedKeys() throws {
        let key = try Self.makeKey(type: "ed25519", passphrase: "correct horse")
        #expect(SSHPublicKey(openSSHPrivateKey: key.privateKey)?.description == key.publicKey)
    }

    @Test(arguments: [
        "", "not a key",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-SSH-KEY-MARKER\n-----END OPENSSH PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----",
    ])
    func rejectsOtherText(_ text: String) {
        #expect(SSHPublicKey(openSSHPrivateKey: text) == nil)
    }
}
