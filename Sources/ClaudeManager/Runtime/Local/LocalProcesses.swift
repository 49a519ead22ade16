import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX facts about processes and ports the local runtime needs.
enum LocalProcesses {
    /// Whether a process with `pid` exists (zombies included).
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Sends `signal` to the process group led by `pid`, falling back to the process itself.
    static func signalGroup(_ pid: Int32, _ signal: Int32) {
        if kill(-pid, signal) != 0 {
            _ = kill(pid, signal)
        }
    }

    /// Signals an agent: the process group led by `pid`, or for a sandboxed agent every process under
    /// bubblewrap at `pid`.
    ///
    /// bubblewrap does not pass signals on, and its sandbox runs in a session of its own: SIGTERM goes to the
    /// processes inside (the agent and its children; the sandbox's init ignores it), so the agent shuts down
    /// gracefully and bubblewrap exits after it. SIGKILL goes to bubblewrap too, whose death kills the sandbox.
    static func signalAgent(_ pid: Int32, _ signal: Int32, isSandboxed: Bool) {
        guard isSandboxed else { return signalGroup(pid, signal) }
        for descendant in descendants(of: pid) { _ = kill(descendant, signal) }
        if signal == SIGKILL { signalGroup(pid, signal) }
    }

    /// Every process below `pid`, read from `/proc/<pid>/stat`.
    static func descendants(of pid: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        // nil: without /proc there are no processes to find
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),  // nil: it exited
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { children[parent, default: []].append(child) }
        }
        var found: [Int32] = []
        var pending = children[pid] ?? []
        while let next = pending.popLast() {
            found.append(next)
            pending += children[next] ?? []
        }
        return found
    }

    /// Whether the process's environment carries `marker` (`NAME=value`), proving we started it.
    static func environment(of pid: Int32, contains marker: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return data.split(separator: 0).contains { Array($0) == Array(marker.utf8) }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socketFD = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketFD >= 0 else { throw WorkloadError.io("could not open a socket to find a free port") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw WorkloadError.io("could not bind a socket to find a free port") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else { throw WorkloadError.io("could not read the bound port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The last `count` lines of the file at `path` (reading at most its last 4 MiB).
    static func tail(of path: String, lines count: Int) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }  // nil: closing a read-only handle cannot lose data
        let size = try handle.seekToEnd()
        let window: UInt64 = 4 * 1024 * 1024
        try handle.seek(toOffset: size > window ? size - window : 0)
        let data = try handle.readToEnd() ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return Array(lines.suffix(count))
    }
}
