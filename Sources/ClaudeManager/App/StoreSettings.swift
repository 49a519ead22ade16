import Foundation

/// Where the manager keeps its records.
///
/// Keys: `databaseURL` (`DATABASE_URL`; by default `claude-manager.sqlite` in `DATA_DIR`).
package struct StoreSettings: Sendable {
    /// `postgres://…`, `sqlite://…` or a SQLite file path.
    package var databaseURL = "./data/claude-manager.sqlite"

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("DATABASE_URL", "postgres://user:pass@host/db or a SQLite path (default DATA_DIR/claude-manager.sqlite)")
    ]

    /// Reads and validates `DATABASE_URL`; without it, the SQLite file in `dataDirectory`.
    static func load(from source: ConfigurationSource, dataDirectory: String) throws -> StoreSettings {
        var settings = StoreSettings()
        settings.databaseURL =
            try source.databaseURL()
            ?? (dataDirectory as NSString).appendingPathComponent("claude-manager.sqlite")
        return settings
    }

    /// The SQLite file `DATABASE_URL` names, or `nil` for PostgreSQL.
    var sqliteDatabasePath: String? {
        if databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") { return nil }
        return databaseURL.hasPrefix("sqlite://") ? String(databaseURL.dropFirst("sqlite://".count)) : databaseURL
    }
}
