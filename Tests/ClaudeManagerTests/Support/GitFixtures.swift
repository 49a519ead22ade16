import Foundation

/// Real git repositories for the local runtime to clone.
enum GitFixtures {
    /// A bare repository with one commit; returns its `file://` URL.
    static func makeBareRepository(in directory: String, name: String = "sample") throws -> String {
        let work = (directory as NSString).appendingPathComponent("\(name)-work")
        let bare = (directory as NSString).appendingPathComponent("\(name).git")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try "# \(name)\n".write(
            toFile: (work as NSString).appendingPathComponent("README.md"),
            atomically: true,
            encoding: .utf8
        )
        try git(["init", "-q", "-b", "main"], in: work)
        try git(["add", "README.md"], in: work)
        try git(["-c", "user.email=t@example.com", "-c", "user.name=Test", "commit", "-q", "-m", "init"], in: work)
        try git(["clone", "-q", "--bare", work, bare], in: directory)
        return "file://\(bare)"
    }

    static func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "git \(arguments) failed"])
        }
    }
}
