import Crypto
import Foundation

/// Encrypts secrets for storage with AES-256-GCM under a key derived from the master secret.
package struct SecretBox: Sendable {
    private let key: SymmetricKey
    private static let prefix = "v1:"

    /// Derives the key from `masterSecret` with HKDF-SHA256.
    package init(masterSecret: [UInt8]) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: masterSecret),
            salt: Array("claude-manager".utf8),
            info: Array("secrets-at-rest-v1".utf8),
            outputByteCount: 32
        )
    }

    /// The ciphertext of `plaintext` as `v1:<base64 nonce|ciphertext|tag>`.
    package func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The plaintext of a value made by ``seal(_:)``.
    package func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count)))
        else { throw SecretBoxError.malformed }
        let box = try AES.GCM.SealedBox(combined: data)
        let plaintext = try AES.GCM.open(box, using: key)
        guard let text = String(data: plaintext, encoding: .utf8) else { throw SecretBoxError.malformed }
        return text
    }
}

/// Why a secret could not be sealed or opened.
package enum SecretBoxError: Error, Sendable {
    case sealFailed
    case malformed
}
