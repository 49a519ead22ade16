import Foundation
import KubernetesDouble
import TestSupport
import Testing

@Suite("JSONValue encoding")
struct JSONValueTests {
    static let sample: JSONValue = [
        "kind": "ConfigMap",
        "metadata": ["name": "a/b", "labels": ["z": "1", "a": "2", "M": "3"], "generation": 3],
        "data": [
            "quote": "say \"hi\"", "backslash": #"C:\dir"#, "lines": "one\ntwo\r\tthree",
            "control": "\u{01}\u{08}\u{0C}\u{1F}",
            "unicode": "grüße ✓ 🚀", "empty": "",
        ],
        "numbers": [0, -7, .number(1.5), .number(1e20), 123_456_789_012],
        "flags": [true, false, .null],
        "nested": [[], [:], [["x": [1, [2]]]]],
    ]

    @Test("the hand-written encoder writes what JSONEncoder writes, byte for byte")
    func matchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(Self.sample)
        #expect(Self.sample.encodedString == String(decoding: expected, as: UTF8.self))
    }

    @Test("encoded JSON parses back to the same value")
    func roundTrips() throws {
        #expect(try JSONValue(data: Self.sample.encoded()) == Self.sample)
    }
}
