/// Whether local agents run inside the bubblewrap sandbox, decided once when the manager starts.
package enum LocalSandboxState: Sendable, Equatable {
    /// `LOCAL_SANDBOX=off`: agents run as the manager's own user and see everything it sees.
    case off
    /// Agents run under the bubblewrap executable at `bubblewrap`.
    case on(bubblewrap: String, disablesNestedUserNamespaces: Bool)
    /// The sandbox is required but cannot run here; every agent start fails with `reason`.
    case unavailable(reason: String)

    /// Whether `LOCAL_SANDBOX` asks for the sandbox.
    package var isEnabled: Bool {
        if case .off = self { return false }
        return true
    }

    /// Whether agents are really confined.
    package var isAvailable: Bool {
        if case .on = self { return true }
        return false
    }
}

/// The sandbox settings from the configuration: `LOCAL_SANDBOX`, `LOCAL_SANDBOX_UID`.
package struct LocalSandboxSettings: Sendable {
    /// `LOCAL_SANDBOX=on` (the default).
    package var isEnabled: Bool
    /// The non-root user and group id agents have inside their user namespace.
    package var uid: UInt32
    /// The bubblewrap executable, searched on `PATH` unless it contains a slash.
    package var executable: String
    /// Paths no agent sees anything of besides `DATA_DIR` (except its own folders there): `LOG_DIR`, the database,
    /// kubeconfigs, the operator's `~/.ssh`, the `.env` in the manager's working folder.
    package var secretPaths: [String]
    /// Folders no agent sees whole: the manager's working folder and the operator's home. Tools installed inside
    /// them (`~/.local/bin`, a build folder) may still be shown read-only.
    package var privateFolders: [String]

    package init(
        isEnabled: Bool,
        uid: UInt32,
        executable: String = "bwrap",
        secretPaths: [String],
        privateFolders: [String]
    ) {
        self.isEnabled = isEnabled
        self.uid = uid
        self.executable = executable
        self.secretPaths = secretPaths
        self.privateFolders = privateFolders
    }
}
