import Foundation
import Logging
import Testing

@testable import ClaudeManager

@Suite("JSON log files")
struct JSONLogFilesTests {
    private func contents(_ directory: String, _ name: String) -> String {
        (try? String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    @Test("queued lines reach combined.log on their own; an error line is written at once, after them")
    func queuedLinesAndErrorsKeepTheirOrder() async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try JSONLogFiles(directory: directory)
        defer { files.close() }

        files.write(Array("one\n".utf8), isError: false)
        await eventually(timeout: .seconds(5), "the writer thread never wrote the queued line") {
            contents(directory, "combined.log") == "one\n"
        }
        files.write(Array("two\n".utf8), isError: false)
        files.write(Array("three\n".utf8), isError: true)
        // Written before write(_:isError:) returned: no waiting.
        #expect(contents(directory, "combined.log") == "one\ntwo\nthree\n")
        #expect(contents(directory, "error.log") == "three\n")
    }

    @Test("close writes what is queued; later lines are written directly")
    func closeFlushes() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try JSONLogFiles(directory: directory)
        for index in 0..<1000 { files.write(Array("line \(index)\n".utf8), isError: false) }
        files.close()
        let lines = contents(directory, "combined.log").split(separator: "\n")
        #expect(lines.count == 1000 && lines.first == "line 0" && lines.last == "line 999")
        files.write(Array("after\n".utf8), isError: false)
        #expect(contents(directory, "combined.log").hasSuffix("line 999\nafter\n"))
    }
}

@Suite("JSON log handler")
struct JSONLogHandlerTests {
    @Test("event metadata wins over the handler's, and neither replaces time, level, label, message or source")
    func metadataPrecedence() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try JSONLogFiles(directory: directory)
        var logger = Logger(label: "test") { label in JSONLogHandler(label: label, files: files, level: .info) }
        logger[metadataKey: "shared"] = "handler"
        logger[metadataKey: "handlerOnly"] = "kept"
        logger[metadataKey: "message"] = "not the message"
        logger.info("hello", metadata: ["shared": "event", "level": "fake", "count": "\(3)"])
        logger.debug("below the level")
        files.close()
        let text = try String(contentsOfFile: directory + "/combined.log", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        let fields = try #require(
            try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: String]
        )
        #expect(fields["shared"] == "event" && fields["handlerOnly"] == "kept" && fields["count"] == "3")
        #expect(fields["message"] == "hello" && fields["level"] == "info" && fields["label"] == "test")
        #expect(fields["time"]?.hasSuffix("Z") == true && fields["source"] != nil)
    }
}
