import Foundation
import Logging
import Subprocess
import SystemPackage

/// Clones repositories with the `git` CLI, passing credentials only through the child's environment and 0600 files.
struct GitCloner: Sendable {
    let logger: Logger

    /// Clones `repository` into `destination` (which must not exist yet).
    func clone(_ repository: String, into destination: String, secret: GitSecret) async throws {
        guard let git = ExecutableLocator.locate("git") else {
            throw WorkloadError.cloneFailed("git is not installed on this machine")
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("cm-git-\(UUID().uuidString.lowercased())").path
        try FileManager.default.createDirectory(
            atPath: scratch,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        defer { try? FileManager.default.removeItem(atPath: scratch) }  // nil: best-effort cleanup of a temp folder
        var environment = Self.baseEnvironment()
        environment["GIT_TERMINAL_PROMPT"] = "0"
        switch secret {
        case .none:
            break
        case .token(let username, let token):
            let askpass = "\(scratch)/askpass.sh"
            let script = """
                #!/bin/sh
                case "$1" in
                  Username*) printf '%s\\n' "$CM_GIT_USERNAME" ;;
                  *) printf '%s\\n' "$CM_GIT_PASSWORD" ;;
                esac

                """
            try Self.write(script, to: askpass, permissions: 0o700)
            environment["GIT_ASKPASS"] = askpass
            environment["CM_GIT_USERNAME"] = username
            environment["CM_GIT_PASSWORD"] = token
        case .sshKey(let privateKey):
            let keyPath = "\(scratch)/id_key"
            let key = privateKey.hasSuffix("\n") ? privateKey : privateKey + "\n"
            try Self.write(key, to: keyPath, permissions: 0o600)
            environment["GIT_SSH_COMMAND"] =
                "ssh -i '\(keyPath)' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new"
        }
        let parent = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        logger.info("cloning repository", metadata: ["git.repository": "\(Self.redacted(repository))"])
        let result = try await Subprocess.run(
            .path(FilePath(git)),
            arguments: Arguments(["clone", "--quiet", "--", repository, destination]),
            environment: .custom(
                Dictionary(uniqueKeysWithValues: environment.map { (.init(stringLiteral: $0.key), $0.value) })
            ),
            output: .string(limit: 64 * 1024),
            error: .string(limit: 64 * 1024)
        )
        guard result.terminationStatus.isSuccess else {
            try? FileManager.default.removeItem(atPath: destination)  // nil: a failed clone may leave nothing
            let message = Self.summary(of: result.standardError, secret: secret)
            throw WorkloadError.cloneFailed(message.isEmpty ? "git exited with \(result.terminationStatus)" : message)
        }
    }

    /// The variables a child process inherits: enough to find tools and a home, nothing of the manager's secrets.
    static func baseEnvironment() -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for name in ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "SHELL", "SSH_AUTH_SOCK", "TZ"] {
            if let value = inherited[name] { environment[name] = value }
        }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return environment
    }

    private static func write(_ text: String, to path: String, permissions: Int) throws {
        guard
            FileManager.default.createFile(
                atPath: path,
                contents: Data(text.utf8),
                attributes: [.posixPermissions: permissions]
            )
        else { throw WorkloadError.io("could not write \(path)") }
    }

    /// git's own last lines, with anything secret-looking removed.
    private static func summary(of stderr: String, secret: GitSecret) -> String {
        var lines = stderr.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        if case .token(_, let token) = secret, !token.isEmpty {
            lines = lines.map { $0.replacingOccurrences(of: token, with: "<redacted>") }
        }
        let important = lines.filter { $0.hasPrefix("fatal:") || $0.hasPrefix("error:") || $0.hasPrefix("ERROR") }
        let chosen = important.isEmpty ? Array(lines.suffix(3)) : Array(important.prefix(3))
        return chosen.map(redacted).joined(separator: " ")
    }

    /// `text` with any `user:password@` in URLs replaced.
    static func redacted(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "://[^/@\\s]+@") else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: "://<redacted>@")
    }
}
