import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The file system a sandboxed agent sees: an allowlist of host paths, turned into bubblewrap arguments.
///
/// Host trees are exposed at their own paths, so symlinks (npm's and pip's links to `claude`) resolve inside as
/// outside. `/` itself is never exposed, nor anything in a secret path (DATA_DIR, LOG_DIR, the database,
/// kubeconfigs, …), nor any folder that is or holds a secret path or a private folder (the manager's working
/// folder, the operator's home); a secret path inside an exposed tree is hidden under an empty tmpfs or
/// `/dev/null`. Reads the host file system: call it off the event loops.
struct SandboxMountPlan: Sendable {
    /// Absolute paths (as given and with links resolved) of which agents see nothing.
    let secretPaths: [String]
    /// Absolute paths of folders agents never see whole.
    let privateFolders: [String]
    private var readOnlyTrees: [String] = []
    private var readOnlyFiles: [String] = []
    private var symlinks: [(target: String, location: String)] = []
    private var writableFolders: [String] = []
    private var replacedFiles: [(source: String, destination: String)] = []

    /// The system folders, always read-only; `/bin`, `/sbin` and `/lib*` are recreated as links where they are links.
    static let systemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]
    /// Files of `/etc` that may link elsewhere (systemd-resolved's `resolv.conf`); their targets are exposed too.
    static let linkedSystemFiles = ["/etc/resolv.conf", "/etc/hosts", "/etc/localtime"]

    init(secretPaths: [String], privateFolders: [String]) {
        self.secretPaths = Self.absoluteAndReal(secretPaths)
        self.privateFolders = Self.absoluteAndReal(privateFolders)
    }

    /// Whether `tree` may be shown whole: not `/`, in no secret path, holding no secret path or private folder.
    func mayExpose(_ tree: String) -> Bool {
        let tree = Self.standardized(tree)
        guard tree != "/", mayExposeFile(tree) else { return false }
        return !(secretPaths + privateFolders).contains { $0 == tree || $0.hasPrefix(tree + "/") }
    }

    /// Whether the file `path` may be shown: it is neither secret nor in a secret folder, nor a private folder.
    func mayExposeFile(_ path: String) -> Bool {
        let path = Self.standardized(path)
        return !privateFolders.contains(path) && !secretPaths.contains { $0 == path || path.hasPrefix($0 + "/") }
    }

    private static func absoluteAndReal(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.map(standardized).flatMap { [$0, realPath($0) ?? $0] }.filter { seen.insert($0).inserted }
    }

    /// Shows a folder of `PATH` read-only; returns whether agents can use it.
    mutating func addSearchFolder(_ entry: String) -> Bool {
        guard entry.hasPrefix("/"), let real = Self.realPath(entry), Self.isDirectory(real) else { return false }
        guard mayExpose(entry), mayExpose(real), mayExposeFile(real) else { return false }
        readOnlyTrees.append(real)
        if Self.standardized(entry) != real { symlinks.append((real, Self.standardized(entry))) }
        return true
    }

    /// Shows an executable read-only at its real location (with its folder, which holds an npm or pip package's
    /// other files, when that folder may be shown), and at `path` when that is a link to it.
    mutating func addExecutable(_ path: String) {
        guard let real = Self.realPath(path), mayExposeFile(real) else { return }
        let folder = (real as NSString).deletingLastPathComponent
        if mayExpose(folder) { readOnlyTrees.append(folder) } else { readOnlyFiles.append(real) }
        let location = Self.standardized(path)
        if location != real, mayExposeFile(location) { symlinks.append((real, location)) }
    }

    /// Shows a shared library's folder (or the library alone) read-only.
    mutating func addLibrary(_ path: String) {
        addExecutable(path)
    }

    /// Shows `folder` read-write at its own path.
    mutating func addWritable(_ folder: String) {
        writableFolders.append(Self.standardized(folder))
    }

    /// Shows the host file `source` at `destination` instead of what is there.
    mutating func replace(_ destination: String, with source: String) {
        replacedFiles.append((source, destination))
    }

    /// The bubblewrap arguments, parents before children; reads the host to hide what must stay hidden.
    func arguments() -> [String] {
        var (arguments, visible) = Self.systemArguments()

        var trees = readOnlyTrees
        var files = readOnlyFiles
        for file in Self.linkedSystemFiles {
            guard let real = Self.realPath(file), real != file, mayExposeFile(real) else { continue }
            files.append(real)
        }
        for tree in Set(trees.map(Self.standardized)).sorted() where !Self.isCovered(tree, by: visible) {
            arguments += ["--ro-bind", tree, tree]
            visible.append(tree)
        }
        trees = visible
        for file in Set(files).sorted() where !Self.isShown(file, by: trees) {
            arguments += ["--ro-bind", file, file]
        }
        var linked = Set(Self.systemFolders)
        for link in symlinks.sorted(by: { $0.location < $1.location })
        where !Self.isShown(link.location, by: trees) && linked.insert(link.location).inserted {
            arguments += ["--symlink", link.target, link.location]
        }
        for path in secretPaths where Self.isShown(path, by: trees) {
            arguments += Self.hiding(path)
        }
        for folder in Set(writableFolders).sorted() {
            arguments += ["--bind", folder, folder]
        }
        for path in Self.unreadableEntries(under: "/etc") {
            arguments += Self.hiding(path)
        }
        for file in replacedFiles {
            arguments += ["--ro-bind", file.source, file.destination]
        }
        return arguments
    }

    /// The system folders read-only, a `/proc` whose `/proc/sys` is read-only, a minimal `/dev`, an empty `/tmp`;
    /// and the folders whose host content is visible.
    static func systemArguments() -> (arguments: [String], visible: [String]) {
        var arguments: [String] = []
        var visible: [String] = []
        for folder in systemFolders {
            guard let real = realPath(folder) else { continue }
            if real != folder, let target = linkTarget(folder) {
                arguments += ["--symlink", target, folder]
            } else if isDirectory(real) {
                arguments += ["--ro-bind", folder, folder]
                visible.append(folder)
            }
        }
        arguments += ["--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys"]
        if FileManager.default.fileExists(atPath: "/proc/sysrq-trigger") {
            arguments += ["--ro-bind", "/dev/null", "/proc/sysrq-trigger"]
        }
        arguments += ["--dev", "/dev", "--tmpfs", "/tmp"]
        return (arguments, visible)
    }

    /// Arguments that put an empty tmpfs over a folder or `/dev/null` over anything else.
    private static func hiding(_ path: String) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return isDirectory(path) ? ["--tmpfs", path] : ["--ro-bind", "/dev/null", path]
    }

    /// Entries under `root` an ordinary user could not read: folders without read and search for others (hidden
    /// whole), files without read for others (`/etc/shadow`, ssh host keys, `/etc/ssl/private`, kubeconfigs).
    static func unreadableEntries(under root: String) -> [String] {
        var hidden: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            // nil: an unreadable folder has no entries to walk; it is hidden by its parent's check
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let path = (folder as NSString).appendingPathComponent(name)
                // nil: an entry that vanished needs no hiding
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
                else { continue }
                let kind = attributes[.type] as? FileAttributeType
                if kind == .typeDirectory {
                    if mode & 0o005 != 0o005 { hidden.append(path) } else { pending.append(path) }
                } else if kind == .typeRegular, mode & 0o004 == 0 {
                    hidden.append(path)
                }
            }
        }
        return hidden.sorted()
    }

    static func isCovered(_ path: String, by trees: [String]) -> Bool {
        trees.contains { path.hasPrefix($0 + "/") }
    }

    /// Whether `path` is already in the sandbox: it is, or is inside, one of `trees`, also once a system folder
    /// that is a link is followed (`/bin/sh` is `/usr/bin/sh` when `/bin` links to `usr/bin`).
    static func isShown(_ path: String, by trees: [String]) -> Bool {
        var candidates = [path]
        for folder in systemFolders where path.hasPrefix(folder + "/") {
            if let real = realPath(folder), real != folder { candidates.append(real + path.dropFirst(folder.count)) }
        }
        return candidates.contains { trees.contains($0) || isCovered($0, by: trees) }
    }

    /// `path` made absolute (from the working folder), without `.`/`..` components or a trailing slash.
    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `path` with every symlink resolved, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What the symlink at `path` says.
    private static func linkTarget(_ path: String) -> String? {
        // nil: not a link (or gone); the caller binds the real folder instead
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
