import Foundation
import Synchronization

/// Appends JSON lines to `combined.log` (every entry) and `error.log` (error and worse) in one folder.
///
/// Every API request logs a line, so lines are collected in memory and a background thread writes them in batches
/// (``flushInterval`` after the first): a request costs a copy, not a `write(2)` under a lock shared by every event
/// loop. Errors are
/// written before ``write(_:isError:)`` returns, after whatever was pending, so they keep their order and survive
/// a crash; a `kill -9` loses at most the last interval's other lines. ``close()`` writes what is left.
package final class JSONLogFiles: Sendable {
    /// How long the writer collects lines after the first one of a batch arrives.
    static let flushInterval: TimeInterval = 0.02
    /// Beyond this many pending bytes a write waits for the disk instead of growing the buffer (back pressure).
    static let pendingLimit = 4 << 20

    /// Lines not written yet, and whether the writer thread should stop. Guarded by `wakeUp`, which the writer
    /// sleeps on while there is nothing to write (an idle manager wakes no thread).
    private nonisolated(unsafe) var pendingBytes: [UInt8] = []
    private nonisolated(unsafe) var isClosed = false
    private let wakeUp = NSCondition()
    /// Taken around every file write, so batches and error lines reach the files in the order they were logged.
    private let handles: Mutex<(combined: FileHandle?, error: FileHandle?)>
    package let directory: String

    /// Opens (creating) the two files in `directory` and starts the writer thread.
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
        Thread.detachNewThread { [self] in
            while waitForLines() {
                Thread.sleep(forTimeInterval: Self.flushInterval)  // let the batch fill
                flush()
            }
        }
    }

    /// Blocks until lines are pending (`true`) or the files are closed (`false`).
    private func waitForLines() -> Bool {
        wakeUp.lock()
        defer { wakeUp.unlock() }
        while pendingBytes.isEmpty, !isClosed { wakeUp.wait() }
        return !isClosed
    }

    /// Queues one line for `combined.log`; `isError` writes it at once, to `error.log` too.
    func write(_ line: [UInt8], isError: Bool) {
        if !isError {
            wakeUp.lock()
            let isQueued = !isClosed && pendingBytes.count < Self.pendingLimit
            if isQueued {
                if pendingBytes.isEmpty { wakeUp.signal() }
                pendingBytes += line
            }
            wakeUp.unlock()
            if isQueued { return }
        }
        handles.withLock { files in
            let batch = takePending() + line
            try? files.combined?.write(contentsOf: batch)  // nil: a full disk must not take the server down
            if isError { try? files.error?.write(contentsOf: line) }  // nil: as above
        }
    }

    /// Writes the queued lines now.
    package func flush() {
        handles.withLock { files in
            let batch = takePending()
            if !batch.isEmpty { try? files.combined?.write(contentsOf: batch) }  // nil: as in write(_:isError:)
        }
    }

    /// Writes what is queued and stops the writer thread; later lines are written one by one.
    package func close() {
        wakeUp.lock()
        isClosed = true
        wakeUp.signal()
        wakeUp.unlock()
        flush()
    }

    private func takePending() -> [UInt8] {
        wakeUp.lock()
        defer { wakeUp.unlock() }
        let bytes = pendingBytes
        pendingBytes = []
        return bytes
    }
}
