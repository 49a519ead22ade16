import Foundation

/// A parsed `fieldSelector`: `path=value`, `path==value` or `path!=value`, joined by commas.
package struct FieldSelector: Sendable, Hashable {
    /// One requirement on the string at a dotted path.
    package struct Requirement: Sendable, Hashable {
        package var path: [String]
        package var value: String
        package var isNegated: Bool
    }

    package var requirements: [Requirement]

    package init(parsing text: String) throws(KubernetesAPIError) {
        var requirements: [Requirement] = []
        for part in text.split(separator: ",") {
            let text = part.trimmingWhitespace()
            var found: Requirement?
            for (separator, isNegated) in [("!=", true), ("==", false), ("=", false)] {
                guard let range = text.range(of: separator) else { continue }
                let path = text[..<range.lowerBound].split(separator: ".").map(String.init)
                found = Requirement(path: path, value: String(text[range.upperBound...]), isNegated: isNegated)
                break
            }
            guard let requirement = found, !requirement.path.isEmpty else {
                throw KubernetesAPIError.badRequest("invalid field selector: \(text)")
            }
            requirements.append(requirement)
        }
        self.requirements = requirements
    }

    /// Whether `object` satisfies every requirement; a missing field reads as the empty string.
    package func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = object[path: requirement.path].map(Self.text) ?? ""
            return (actual == requirement.value) != requirement.isNegated
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): string
        case .number: value.intValue.map(String.init) ?? value.encodedString
        case .bool(let bool): bool ? "true" : "false"
        default: ""
        }
    }
}
