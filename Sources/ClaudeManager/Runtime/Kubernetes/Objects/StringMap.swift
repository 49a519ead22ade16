import Foundation

/// A string-to-string map (labels, annotations, data) that encodes its keys in sorted order, so output is stable.
package struct StringMap: Sendable, Equatable, Codable, ExpressibleByDictionaryLiteral {
    package var entries: [String: String]

    package init(_ entries: [String: String] = [:]) {
        self.entries = entries
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.entries = Dictionary(elements) { _, last in last }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EntryKey.self)
        var entries: [String: String] = [:]
        for key in container.allKeys {
            entries[key.stringValue] = try container.decode(String.self, forKey: key)
        }
        self.entries = entries
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EntryKey.self)
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            try container.encode(value, forKey: EntryKey(key))
        }
    }

    package subscript(key: String) -> String? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    package var sortedKeys: [String] { entries.keys.sorted() }
    package var isEmpty: Bool { entries.isEmpty }

    /// This map with the entries of `other` added, `other` winning on equal keys.
    package func merging(_ other: StringMap) -> StringMap {
        StringMap(entries.merging(other.entries) { _, new in new })
    }

    private struct EntryKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(_ stringValue: String) {
            self.stringValue = stringValue
        }

        init?(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }
}
