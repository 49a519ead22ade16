import Foundation

extension AppConfiguration {
    /// The local sandbox settings, with the manager's own paths agents must not see (`DATA_DIR` is always one).
    var localSandboxSettings: LocalSandboxSettings {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let workingFolder = FileManager.default.currentDirectoryPath
        var secretPaths = [
            dataDirectory, server.logDirectory, (workingFolder as NSString).appendingPathComponent(".env"),
            (home as NSString).appendingPathComponent(".ssh"), (home as NSString).appendingPathComponent(".kube"),
        ]
        if let sqliteDatabasePath = store.sqliteDatabasePath { secretPaths.append(sqliteDatabasePath) }
        if let kubeconfigPath = kubernetes.kubeconfigPath { secretPaths.append(kubeconfigPath) }
        secretPaths += (kubernetes.kubeconfigList ?? "").split(separator: ":").map(String.init)
        return LocalSandboxSettings(
            isEnabled: localRuntime.isSandboxEnabled,
            uid: localRuntime.sandboxUID,
            executable: localRuntime.sandboxExecutable,
            secretPaths: secretPaths.filter { !$0.isEmpty },
            privateFolders: [workingFolder, home]
        )
    }
}
