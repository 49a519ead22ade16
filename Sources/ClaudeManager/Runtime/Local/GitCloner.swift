import Foundation
import Logging
import Subprocess
import SystemPackage

/// Clones repositories with the `git` CLI, passing credentials only through the child's environment and 0600 files.
///
/// The clone is isolated from the operator's own git and ssh setup: no global git config (so no stored
/// credential helpers), no ssh config, agent or default identities, and host keys kept in the manager's own
/// `known_hosts` (trusted on first use). It lands in a temporary sibling folder and is moved into place only
/// when complete, so a crash never leaves a half clone that looks finished.
struct GitCloner: Sendable {
    /// The manager's own `known_hosts` file for ssh:// and git@ repositories.
    let knownHostsFile: String
    /// How long one clone may take before it is stopped.
    let timeout: Duration
    /// What git inherits of the manager's environment.
    let childEnvironment: ChildEnvironment
    let logger: Logger

    /// Clones `repository` into `destination` (which must not exist yet).
    func clone(_ repository: String, into destination: String, secret: GitSecret) async throws {
        guard let git = ExecutableLocator.locate("git", path: childEnvironment.searchPath) else {
            throw WorkloadError.cloneFailed("git is not installed on this machine")
        }
        let transport: GitRemote.Transport
        do {
            transport = try GitRemote(parsing: repository).transport
        } catch {
            throw WorkloadError.repositoryRefused(error.message)
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("cm-git-\(UUID().uuidString.lowercased())").path
        try FileManager.default.createDirectory(
            atPath: scratch,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        // nil: best-effort cleanup of a temporary folder
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var environment = try environment(for: secret, scratch: scratch)
        // git follows no other transport, redirects and submodule URLs included (docs/security.md).
        environment["GIT_ALLOW_PROTOCOL"] = transport.rawValue
        let parent = URL(fileURLWithPath: destination).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.removePartialClones(of: destination)
        let partial = parent.appendingPathComponent(
            Self.partialPrefix(of: destination) + UUID().uuidString.prefix(Self.partialSuffixLength).lowercased()
        ).path
        logger.info("cloning repository", metadata: ["git.repository": "\(Self.redacted(repository))"])
        let arguments = [
            "-c", "credential.helper=", "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60",
            "clone", "--quiet", "--", repository, partial,
        ]
        let outcome: (succeeded: Bool, stderr: String, status: String)
        do {
            outcome = try await run(git, arguments: arguments, environment: environment)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)  // nil: there may be nothing to remove
            throw error
        }
        guard outcome.succeeded else {
            try? FileManager.default.removeItem(atPath: partial)  // nil: a failed clone may leave nothing
            let message = Self.summary(of: outcome.stderr, secret: secret)
            throw WorkloadError.cloneFailed(message.isEmpty ? "git exited \(outcome.status)" : message)
        }
        do {
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)  // nil: reporting the move error instead
            throw WorkloadError.io("could not move the clone into \(destination): \(error.localizedDescription)")
        }
    }

    /// Runs git, stopping it when the timeout passes.
    private func run(
        _ git: String,
        arguments: [String],
        environment: [String: String]
    ) async throws
        -> (succeeded: Bool, stderr: String, status: String)
    {
        var platformOptions = PlatformOptions()
        platformOptions.teardownSequence = [
            .gracefulShutDown(toProcessGroup: false, allowedDurationToNextStep: .seconds(2))
        ]
        let options = platformOptions
        let limit = timeout
        return try await withThrowingTaskGroup(of: (succeeded: Bool, stderr: String, status: String)?.self) { group in
            group.addTask {
                let result = try await Subprocess.run(
                    .path(FilePath(git)),
                    arguments: Arguments(arguments),
                    environment: .custom(
                        Dictionary(uniqueKeysWithValues: environment.map { (.init(stringLiteral: $0.key), $0.value) })
                    ),
                    platformOptions: options,
                    output: .string(limit: 64 * 1024),
                    error: .string(limit: 64 * 1024)
                )
                return (
                    result.terminationStatus.isSuccess, result.standardError,
                    LocalRuntime.describe(result.terminationStatus)
                )
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let finished { return finished }
                throw WorkloadError.cloneFailed("git did not finish within \(limit.components.seconds) s")
            }
            throw WorkloadError.cloneFailed("git did not finish")
        }
    }

    /// The child's environment: the base one, isolation from the operator's git and ssh setup, and the credential.
    private func environment(for secret: GitSecret, scratch: String) throws -> [String: String] {
        var environment = childEnvironment.variables
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        try FileManager.default.createDirectory(
            atPath: (knownHostsFile as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        if !FileManager.default.fileExists(atPath: knownHostsFile) {
            // ssh appends to the file and keeps its mode; created by ssh it would be world-readable
            _ = FileManager.default.createFile(
                atPath: knownHostsFile,
                contents: nil,
                attributes: [.posixPermissions: 0o600]
            )
        }
        var ssh = [
            "ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
            "-o", "ConnectTimeout=20", "-o", "StrictHostKeyChecking=accept-new",
            "-o", "UserKnownHostsFile='\(knownHostsFile)'",
        ]
        switch secret {
        case .none:
            ssh += ["-o", "IdentityFile=none"]
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
            ssh += ["-o", "IdentityFile=none"]
        case .sshKey(let privateKey):
            let keyPath = "\(scratch)/id_key"
            let key = privateKey.hasSuffix("\n") ? privateKey : privateKey + "\n"
            try Self.write(key, to: keyPath, permissions: 0o600)
            ssh += ["-i", "'\(keyPath)'"]
        }
        environment["GIT_SSH_COMMAND"] = ssh.joined(separator: " ")
        return environment
    }

    private static let partialSuffixLength = 8

    /// The start of the names of `destination`'s partial clones, which a random suffix of fixed length ends.
    private static func partialPrefix(of destination: String) -> String {
        ".partial-\(URL(fileURLWithPath: destination).lastPathComponent)-"
    }

    /// Whether `name` is a partial clone of the project whose workspace is `destination`, and of no other
    /// (`.partial-app-2-…` belongs to `app-2`, not to `app`).
    static func isPartialClone(_ name: String, of destination: String) -> Bool {
        let prefix = partialPrefix(of: destination)
        guard name.hasPrefix(prefix) else { return false }
        let suffix = name.dropFirst(prefix.count)
        return suffix.count == partialSuffixLength && suffix.allSatisfy(\.isHexDigit)
    }

    /// Removes folders that earlier, interrupted clones of `destination` left behind.
    private static func removePartialClones(of destination: String) {
        let parent = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        // nil: an unreadable folder has nothing to clean
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        where isPartialClone(name, of: destination) {
            // nil: best effort; the next clone tries again
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
        }
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
        let boilerplate = [
            "Please make sure you have the correct access rights", "and the repository exists.", "Cloning into",
        ]
        let meaningful = lines.filter { line in
            !boilerplate.contains { line.hasPrefix($0) } && !line.hasPrefix("Warning: Permanently added")
        }
        return meaningful.prefix(3).map(redacted).joined(separator: " ")
    }

    /// `text` with any `user:password@` in URLs replaced.
    static func redacted(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "://[^/@\\s]+@") else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: "://<redacted>@")
    }
}
