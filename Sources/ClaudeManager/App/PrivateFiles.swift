import Foundation
import Logging

/// Keeps DATA_DIR and the secrets in it readable by the manager's user alone: folders 0700, files 0600.
///
/// At start DATA_DIR is created 0700 when missing, the SQLite file is created empty with 0600 (SQLite gives its
/// `-wal` and `-shm` files the database file's mode), and every one of these paths that exists with a looser mode
/// is tightened, with one log line per corrected path.
enum PrivateFiles {
    /// The paths and the mode each must not exceed.
    static func paths(of configuration: AppConfiguration) -> [(path: String, mode: Int)] {
        let data = configuration.dataDirectory as NSString
        var paths: [(path: String, mode: Int)] = [
            (configuration.dataDirectory, 0o700),
            (data.appendingPathComponent("jwt.secret"), 0o600),
            (data.appendingPathComponent("master.key"), 0o600),
            (data.appendingPathComponent("ssh"), 0o700),
            (data.appendingPathComponent("ssh/known_hosts"), 0o600),
        ]
        if let database = configuration.store.sqliteDatabasePath {
            paths += [(database, 0o600), (database + "-wal", 0o600), (database + "-shm", 0o600)]
        }
        return paths
    }

    /// Creates DATA_DIR and the SQLite file private when missing, and removes group and other permissions from
    /// every private path that has any.
    static func secure(_ configuration: AppConfiguration, logger: Logger) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(
                atPath: configuration.dataDirectory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw ConfigurationError("DATA_DIR", "could not be created: \(error.localizedDescription)")
        }
        if let database = configuration.store.sqliteDatabasePath, !manager.fileExists(atPath: database) {
            let folder = (database as NSString).deletingLastPathComponent
            // nil: opening the database reports a folder that cannot be made
            try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            _ = manager.createFile(atPath: database, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        for (path, mode) in paths(of: configuration) {
            // nil: a path that does not exist has no mode to correct
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType != .typeSymbolicLink,
                let current = (attributes[.posixPermissions] as? NSNumber)?.intValue,
                current & ~mode & 0o777 != 0
            else { continue }
            let corrected = current & mode
            do {
                try manager.setAttributes([.posixPermissions: corrected], ofItemAtPath: path)
            } catch {
                throw ConfigurationError("DATA_DIR", "could not make \(path) private: \(error.localizedDescription)")
            }
            logger.warning(
                "file permissions corrected",
                metadata: [
                    "file.path": "\(path)",
                    "file.mode.before": "\(String(current & 0o7777, radix: 8))",
                    "file.mode.after": "\(String(corrected & 0o7777, radix: 8))",
                ]
            )
        }
    }
}
