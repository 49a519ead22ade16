import Foundation

extension AppConfiguration {
    /// The SQLite file `DATABASE_URL` names, or `nil` for PostgreSQL.
    var sqliteDatabasePath: String? {
        if databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") { return nil }
        return databaseURL.hasPrefix("sqlite://") ? String(databaseURL.dropFirst("sqlite://".count)) : databaseURL
    }

    /// The local sandbox settings, with the manager's own paths agents must not see (`DATA_DIR` is always one).
    var localSandboxSettings: LocalSandboxSettings {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let workingFolder = FileManager.default.currentDirectoryPath
        var secretPaths = [
            dataDirectory, logDirectory, (workingFolder as NSString).appendingPathComponent(".env"),
            (home as NSString).appendingPathComponent(".ssh"), (home as NSString).appendingPathComponent(".kube"),
        ]
        if let sqliteDatabasePath { secretPaths.append(sqliteDatabasePath) }
        if let kubeconfigPath { secretPaths.append(kubeconfigPath) }
        secretPaths += (kubeconfigList ?? "").split(separator: ":").map(String.init)
        return LocalSandboxSettings(
            isEnabled: isLocalSandboxEnabled,
            uid: localSandboxUID,
            executable: localSandboxExecutable,
            secretPaths: secretPaths.filter { !$0.isEmpty },
            privateFolders: [workingFolder, home]
        )
    }
}
