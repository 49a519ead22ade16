import Foundation
import NIOPosix
import Subprocess
import SystemPackage

/// Confines one local agent with bubblewrap: its own user namespace as a non-root uid without capabilities (and no
/// nested user namespaces), its own PID, IPC and UTS namespaces, and a file system built by ``SandboxMountPlan``.
/// The host network stays shared: the agent reaches the model API, and the manager its port on loopback.
///
/// The user namespace maps the manager's own uid to ``LocalSandboxSettings/uid``, so what the manager cloned is
/// the agent's to write and what the agent writes stays the manager's to remove. On the host the agent keeps the
/// manager's uid without any capability: what keeps it from the manager's files is that they are not in its file
/// system at all, and a `/proc/sys` it cannot write.
struct LocalSandbox: Sendable {
    let bubblewrap: String
    let disablesNestedUserNamespaces: Bool
    let uid: UInt32
    /// Paths no agent sees anything of, `DATA_DIR` among them (the agent's own folders there are shown).
    let secretPaths: [String]
    /// Folders no agent sees whole.
    let privateFolders: [String]

    /// The folders one agent writes.
    struct Folders: Sendable {
        var workspace: String
        /// `DATA_DIR/sandboxes/<shortName>`: the agent's home and state, and the account files it sees.
        var root: String

        var home: String { (root as NSString).appendingPathComponent("home") }
        var state: String { (root as NSString).appendingPathComponent("state") }
    }

    /// The options that give a sandbox its own namespaces, a non-root uid and no capabilities.
    static func isolationArguments(uid: UInt32, disablingNestedUserNamespaces: Bool) -> [String] {
        var arguments = ["--unshare-user", "--uid", "\(uid)", "--gid", "\(uid)"]
        if disablingNestedUserNamespaces { arguments.append("--disable-userns") }
        return arguments + [
            "--cap-drop", "ALL", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "sandbox",
            "--die-with-parent", "--new-session",
        ]
    }

    /// Runs `true` in a minimal sandbox to learn whether bubblewrap and user namespaces work here.
    static func probe(_ settings: LocalSandboxSettings, searchPath: String) async -> LocalSandboxState {
        guard settings.isEnabled else { return .off }
        guard let bubblewrap = ExecutableLocator.locate(settings.executable, path: searchPath) else {
            return .unavailable(reason: "bubblewrap (\(settings.executable)) is not installed")
        }
        guard let truePath = ExecutableLocator.locate("true", path: searchPath) else {
            return .unavailable(reason: "no 'true' executable to test bubblewrap with")
        }
        var problem = "bubblewrap did not run"
        for disabling in [true, false] {
            let arguments =
                isolationArguments(uid: settings.uid, disablingNestedUserNamespaces: disabling)
                + SandboxMountPlan.systemArguments().arguments + ["--", truePath]
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(bubblewrap)),
                    arguments: Arguments(arguments),
                    environment: .custom(["PATH": "/usr/bin:/bin"]),
                    input: .none,
                    output: .discarded,
                    error: .string(limit: 16 * 1024)
                )
                if result.terminationStatus.isSuccess {
                    return .on(bubblewrap: bubblewrap, disablesNestedUserNamespaces: disabling)
                }
                let lines = result.standardError.split(whereSeparator: \.isNewline)
                problem = lines.first.map(String.init) ?? "bubblewrap exited \(result.terminationStatus)"
            } catch {
                problem = "bubblewrap could not be run: \(error)"
            }
            // An older bubblewrap without --disable-userns is tried once more without it.
            guard disabling, problem.contains("disable-userns") else { break }
        }
        return .unavailable(reason: "user namespaces are not available to bubblewrap (\(problem))")
    }

    /// The bubblewrap command line that runs `argv` confined, and the environment to start it with.
    ///
    /// - Parameter binaries: the command's executables, located on the manager's `PATH`; each is exposed with
    ///   its script interpreter and shared libraries.
    func commandLine(
        for argv: [String],
        binaries: [String],
        folders: Folders,
        environment: [String: String]
    ) async throws -> (argv: [String], environment: [String: String]) {
        let searchPath = environment["PATH"] ?? ChildEnvironment.defaultSearchPath
        let folders = Folders(
            workspace: SandboxMountPlan.standardized(folders.workspace),
            root: SandboxMountPlan.standardized(folders.root)
        )
        var executables = binaries
        for binary in binaries {
            if let interpreter = Self.interpreter(of: binary, searchPath: searchPath) {
                executables.append(interpreter)
            }
        }
        var libraries: [String] = []
        for executable in executables {
            libraries += await Self.sharedLibraries(of: executable, searchPath: searchPath)
        }
        let uid = uid
        let secretPaths = secretPaths
        let privateFolders = privateFolders
        let executablesToExpose = executables
        let libraryFiles = libraries
        let (mounts, path) = try await NIOThreadPool.singleton.runIfActive {
            try Self.prepare(folders, uid: uid)
            var plan = SandboxMountPlan(secretPaths: secretPaths, privateFolders: privateFolders)
            let path = searchPath.split(separator: ":").map(String.init).filter { plan.addSearchFolder($0) }
            for executable in executablesToExpose { plan.addExecutable(executable) }
            for library in libraryFiles { plan.addLibrary(library) }
            for folder in [folders.workspace, folders.home, folders.state] { plan.addWritable(folder) }
            plan.replace("/etc/passwd", with: (folders.root as NSString).appendingPathComponent("passwd"))
            plan.replace("/etc/group", with: (folders.root as NSString).appendingPathComponent("group"))
            return (plan.arguments(), path)
        }
        var confined = environment
        confined["PATH"] = path.isEmpty ? ChildEnvironment.defaultSearchPath : path.joined(separator: ":")
        confined["HOME"] = folders.home
        confined["XDG_STATE_HOME"] = folders.state
        confined["USER"] = Self.accountName
        confined["LOGNAME"] = Self.accountName
        confined["TMPDIR"] = "/tmp"
        let isolation = Self.isolationArguments(
            uid: uid,
            disablingNestedUserNamespaces: disablesNestedUserNamespaces
        )
        var executable = argv
        if let name = executable.first, !name.contains("/"),
            let located = ExecutableLocator.locate(name, path: searchPath)
        {
            executable[0] = located  // shown even when its folder is not on the sandbox's PATH
        }
        let command = [bubblewrap] + isolation + mounts + ["--chdir", folders.workspace, "--"] + executable
        return (command, confined)
    }

    /// The name the agent's uid has inside the sandbox.
    static let accountName = "agent"

    /// Creates the agent's home and state folders (0700) and the passwd and group files that name its uid.
    private static func prepare(_ folders: Folders, uid: UInt32) throws {
        for folder in [folders.root, folders.home, folders.state] {
            try FileManager.default.createDirectory(
                atPath: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        let accounts = [
            ("passwd", "/etc/passwd", "\(accountName):x:\(uid):\(uid):Claude Code agent:\(folders.home):/bin/sh"),
            ("group", "/etc/group", "\(accountName):x:\(uid):"),
        ]
        for (name, hostFile, entry) in accounts {
            // nil: without the host's file the sandbox knows only the agent's own account
            let host = (try? String(contentsOfFile: hostFile, encoding: .utf8)) ?? ""
            let kept = host.split(separator: "\n").filter { line in
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                return fields.count > 2 && fields[0] != accountName && fields[2] != "\(uid)"
            }
            let text = (kept.map(String.init) + [entry]).joined(separator: "\n") + "\n"
            let path = (folders.root as NSString).appendingPathComponent(name)
            guard
                FileManager.default.createFile(
                    atPath: path,
                    contents: Data(text.utf8),
                    attributes: [.posixPermissions: 0o644]
                )
            else { throw WorkloadError.io("could not write \(path)") }
        }
    }

    /// The interpreter a `#!` script names (through `/usr/bin/env`, found on `searchPath`), or `nil`.
    static func interpreter(of path: String, searchPath: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }  // nil: closing a read-only handle cannot lose data
        // nil: an unreadable file has no interpreter line
        guard let head = try? handle.read(upToCount: 256), head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return nil }
        if (first as NSString).lastPathComponent == "env" {
            guard let name = words.dropFirst().first(where: { !$0.hasPrefix("-") && !$0.contains("=") }) else {
                return first
            }
            return ExecutableLocator.locate(name, path: searchPath)
        }
        return first
    }

    /// The shared libraries `ldd` lists for `executable` (none for scripts and static executables).
    static func sharedLibraries(of executable: String, searchPath: String) async -> [String] {
        guard let ldd = ExecutableLocator.locate("ldd", path: searchPath) else { return [] }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(ldd)),
                arguments: [executable],
                environment: .custom(["PATH": "/usr/bin:/bin"]),
                input: .none,
                output: .string(limit: 256 * 1024),
                error: .discarded
            )
            guard result.terminationStatus.isSuccess else { return [] }
            return result.standardOutput.split(whereSeparator: \.isNewline).compactMap { line in
                let words = line.split(separator: " ").map(String.init)
                if let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count, words[arrow + 1].hasPrefix("/") {
                    return words[arrow + 1]
                }
                let first = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
                return first?.hasPrefix("/") == true ? first : nil
            }
        } catch {
            return []
        }
    }
}
