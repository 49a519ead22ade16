import Foundation
import Synchronization

/// Appends JSON lines to `combined.log` (every entry) and `error.log` (error and worse) in one folder.
package final class JSONLogFiles: Sendable {
    private let handles: Mutex<(combined: FileHandle?, error: FileHandle?)>
    package let directory: String

    /// Opens (creating) the two files in `directory`.
    package init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func open(_ name: String) throws -> FileHandle? {
            let path = (directory as NSString).appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640])
            }
            let handle = FileHandle(forWritingAtPath: path)
            _ = try handle?.seekToEnd()
            return handle
        }
        self.handles = Mutex((try open("combined.log"), try open("error.log")))
    }

    /// Writes one line; `isError` also copies it to `error.log`.
    func write(_ line: Data, isError: Bool) {
        handles.withLock { files in
            try? files.combined?.write(contentsOf: line)  // nil: a full disk must not take the server down
            if isError { try? files.error?.write(contentsOf: line) }  // nil: as above
        }
    }
}
