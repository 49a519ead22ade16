import Crypto
import Foundation

/// The JWT secret and master key: configured, or in development generated once into DATA_DIR with mode 0600.
package struct AppKeys: Sendable {
    package var jwtSecret: String
    package var masterSecret: [UInt8]

    package static func load(configuration: AppConfiguration) throws -> AppKeys {
        let jwtSecret =
            try configuration.auth.jwtSecret?.value
            ?? Self.generated(in: configuration.dataDirectory, name: "jwt.secret")
        let master =
            try configuration.auth.masterKey?.value
            ?? Self.generated(in: configuration.dataDirectory, name: "master.key")
        return AppKeys(jwtSecret: jwtSecret, masterSecret: Array(master.utf8))
    }

    /// The contents of `DATA_DIR/name`, created with 48 random bytes (base64) and mode 0600 when missing.
    private static func generated(in directory: String, name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(name)
        if let existing = FileManager.default.contents(atPath: path), let text = String(data: existing, encoding: .utf8)
        {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count >= 32 { return trimmed }
        }
        let value = SymmetricKey(size: .init(bitCount: 384)).withUnsafeBytes { Data($0).base64EncodedString() }
        guard
            FileManager.default.createFile(
                atPath: path,
                contents: Data((value + "\n").utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw ConfigurationError("DATA_DIR", "is not writable: could not create \(path)") }
        return value
    }
}
