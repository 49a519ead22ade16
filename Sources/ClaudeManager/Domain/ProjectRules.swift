import Foundation

/// The rules a project's fields must follow, shared by create and update.
package enum ProjectRules {
    package static let maxNameLength = 100
    package static let maxShortNameLength = 40

    /// Whether `text` is a DNS-1123 label of at most 40 characters.
    package static func isValidShortName(_ text: String) -> Bool {
        isDNSLabel(text, maxLength: maxShortNameLength)
    }

    /// Whether `text` is a DNS-1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`) of at most `maxLength` characters.
    package static func isDNSLabel(_ text: String, maxLength: Int) -> Bool {
        guard (1...maxLength).contains(text.count) else { return false }
        let allowed = text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard allowed, let first = text.first, let last = text.last else { return false }
        return first != "-" && last != "-"
    }

    /// A short name derived from a repository URL (`git@x:acme/Pay_Service.git` → `pay-service`).
    package static func shortName(fromRepository url: String) -> String {
        var last = url.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? ""
        if last.hasSuffix(".git") { last.removeLast(4) }
        var result = ""
        for character in last.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if result.last != "-" {
                result.append("-")
            }
        }
        let trimmed = result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let clipped = String(trimmed.prefix(maxShortNameLength)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return clipped.isEmpty ? "project" : clipped
    }

    /// Field issues for a CPU, memory or storage quantity.
    package static func issues(quantity text: String?, field: String) -> [FieldIssue] {
        guard let text else { return [] }
        guard let quantity = Quantity(text) else {
            return [FieldIssue(field, "must be a Kubernetes quantity such as 500m, 2, 512Mi or 10Gi")]
        }
        return quantity.isPositive ? [] : [FieldIssue(field, "must be greater than zero")]
    }

    /// Field issues for a display name.
    package static func issues(name: String?, field: String = "name") -> [FieldIssue] {
        guard let name else { return [] }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return [FieldIssue(field, "must not be empty")] }
        if name.count > maxNameLength { return [FieldIssue(field, "must be at most \(maxNameLength) characters")] }
        return []
    }
}
