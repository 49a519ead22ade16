import Foundation

/// A parsed `labelSelector`: requirements joined by commas, all of which must hold.
package struct LabelSelector: Sendable, Hashable {
    /// One requirement of a selector.
    package enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case isNotIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    package var requirements: [Requirement]

    /// The selector that matches everything.
    package static let everything = Self(requirements: [])

    /// Parses `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k` and `!k`, joined by commas.
    package init(parsing text: String) throws(KubernetesAPIError) {
        var requirements: [Requirement] = []
        for part in Self.split(text) {
            let requirement = part.trimmingWhitespace()
            guard !requirement.isEmpty else { continue }
            requirements.append(try Self.parseRequirement(requirement))
        }
        self.requirements = requirements
    }

    package init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Whether `labels` satisfy every requirement.
    package func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .isNotIn(let key, let values): labels[key].map { !values.contains($0) } ?? true
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    /// Splits at commas outside parentheses.
    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    private static func parseRequirement(_ text: String) throws(KubernetesAPIError) -> Requirement {
        let invalid = KubernetesAPIError.badRequest("unable to parse requirement: \(text)")
        if text.hasPrefix("!") {
            let key = String(text.dropFirst()).trimmingWhitespace()
            guard isKey(key) else { throw invalid }
            return .doesNotExist(key)
        }
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let rest = words[1].trimmingWhitespace()
            for (keyword, isNegated) in [("notin", true), ("in", false)] where rest.hasPrefix(keyword) {
                let list = rest.dropFirst(keyword.count).trimmingWhitespace()
                guard isKey(words[0]), list.hasPrefix("("), list.hasSuffix(")") else { throw invalid }
                let values = Set(
                    list.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingWhitespace() }
                )
                return isNegated ? .isNotIn(words[0], values) : .isIn(words[0], values)
            }
        }
        for (separator, isNegated) in [("!=", true), ("==", false), ("=", false)] {
            guard let range = text.range(of: separator) else { continue }
            let key = String(text[..<range.lowerBound]).trimmingWhitespace()
            let value = String(text[range.upperBound...]).trimmingWhitespace()
            guard isKey(key) else { throw invalid }
            return isNegated ? .notEquals(key, value) : .equals(key, value)
        }
        guard isKey(text) else { throw invalid }
        return .exists(text)
    }

    private static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
