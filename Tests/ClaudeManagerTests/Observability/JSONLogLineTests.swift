import Foundation
import Testing

@testable import ClaudeManager

@Suite("JSON log lines")
struct JSONLogLineTests {
    @Test func linesAreValidJSONWithSortedKeysAndEveryCharacterEscaped() throws {
        let entry = [
            "message": "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} ünïcode 🚀",
            "http.path": "/api/projects/1",
            "a": "",
        ]
        let line = JSONLogHandler.line(entry)
        #expect(line.last == 0x0A)
        let decoded = try JSONSerialization.jsonObject(with: Data(line.dropLast())) as? [String: String]
        #expect(decoded == entry)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a":"","http.path":"/api/projects/1","message":"quote \" backslash \\ slash / "#))
        #expect(text.contains(#"\u0007 nul \u0000"#))
    }

    @Test func timestampsAreRFC3339InUTCWithMilliseconds() throws {
        #expect(UTCTimestamp.format(seconds: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.format(seconds: 1_795_811_889, milliseconds: 7) == "2026-11-27T20:38:09.007Z")
        let now = UTCTimestamp.now()
        let parsed = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(now)
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }

    @Test func durationsHaveTwoDecimals() {
        let text = RequestLogMiddleware.milliseconds(since: .now)
        #expect(text.wholeMatch(of: /\d+\.\d\d/) != nil)
    }
}
