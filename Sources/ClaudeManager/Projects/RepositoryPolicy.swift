import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Which repository addresses projects may clone: the strict rules of ``GitRemote``, and `file://` only under the
/// folders an admin lists (`LOCAL_REPOSITORY_ROOTS`, none by default), so that no member can clone `/etc` or the
/// manager's own data folder.
package struct RepositoryPolicy: Sendable {
    /// Absolute folders, symlinks resolved, under which `file://` repositories may be.
    package let localRoots: [String]

    package init(localRoots: [String]) {
        self.localRoots = localRoots.map { Self.resolved($0) }
    }

    /// The parsed address of `text`; throws a ``GitRemote/Problem`` saying why projects may not clone it.
    package func remote(for text: String) throws(GitRemote.Problem) -> GitRemote {
        let remote = try GitRemote(parsing: text)
        guard remote.transport == .file else { return remote }
        guard !localRoots.isEmpty else {
            throw GitRemote.Problem("file:// repositories are not allowed on this manager (LOCAL_REPOSITORY_ROOTS)")
        }
        let path = Self.resolved(remote.path)
        guard localRoots.contains(where: { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw GitRemote.Problem("must be under a folder allowed for file:// repositories (LOCAL_REPOSITORY_ROOTS)")
        }
        return remote
    }

    /// `path` made absolute and standard, with symlinks resolved in the part of it that exists.
    static func resolved(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while existing != "/" {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                let base = String(cString: real)
                return rest.reversed().reduce(base) { ($0 as NSString).appendingPathComponent($1) }
            }
            rest.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return rest.reversed().reduce("/") { ($0 as NSString).appendingPathComponent($1) }
    }
}
