import Foundation

/// The public half of an OpenSSH private key, as an `authorized_keys` line without comment (`ssh-ed25519 AAAA…`).
///
/// The `openssh-key-v1` format stores the public key in clear before the (possibly encrypted) private part, so
/// no cryptography is needed. PEM keys (`BEGIN RSA PRIVATE KEY`, PKCS#8) are not read: deriving theirs would mean
/// parsing ASN.1 and, for RSA, rebuilding the key, so they yield `nil`.
package struct SSHPublicKey: Sendable, Equatable, CustomStringConvertible {
    /// The key type, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`.
    package var type: String
    /// The public key in SSH wire format.
    package var blob: Data

    private static let header = "-----BEGIN OPENSSH PRIVATE KEY-----"
    private static let footer = "-----END OPENSSH PRIVATE KEY-----"
    private static let magic = Data("openssh-key-v1\0".utf8)

    /// Reads the public key stored in an OpenSSH private key; `nil` for any other text.
    package init?(openSSHPrivateKey text: String) {
        guard let start = text.range(of: Self.header), let end = text.range(of: Self.footer),
            start.upperBound <= end.lowerBound
        else { return nil }
        let body = text[start.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: String(body)), decoded.starts(with: Self.magic) else { return nil }
        var reader = WireReader(decoded.dropFirst(Self.magic.count))
        guard reader.readString() != nil,  // cipher name
            reader.readString() != nil,  // KDF name
            reader.readString() != nil,  // KDF options
            let count = reader.readUInt32(), count >= 1,
            let blob = reader.readString()
        else { return nil }
        var blobReader = WireReader(blob)
        guard let typeBytes = blobReader.readString(), !typeBytes.isEmpty,
            let type = String(bytes: typeBytes, encoding: .utf8), type.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else { return nil }
        self.type = type
        self.blob = Data(blob)
    }

    /// The `authorized_keys` form: type, a space, the base64 blob.
    package var description: String {
        "\(type) \(blob.base64EncodedString())"
    }

    /// Reads SSH wire-format values: big-endian `uint32` and length-prefixed strings.
    private struct WireReader {
        var remaining: Data

        init(_ data: Data) {
            self.remaining = Data(data)
        }

        mutating func readUInt32() -> UInt32? {
            guard remaining.count >= 4 else { return nil }
            let value = remaining.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            remaining = remaining.dropFirst(4)
            return value
        }

        mutating func readString() -> Data? {
            guard let length = readUInt32(), remaining.count >= Int(length) else { return nil }
            let value = remaining.prefix(Int(length))
            remaining = remaining.dropFirst(Int(length))
            return Data(value)
        }
    }
}
