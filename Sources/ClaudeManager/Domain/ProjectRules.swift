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

    /// Why `url` is not a supported git repository URL, or `nil` when it is.
    package static func problem(withRepository url: String) -> String? {
        let text = url.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "is required" }
        if text.count > 2048 { return "must be at most 2048 characters" }
        if text.contains(where: { $0.isWhitespace || $0.isNewline }) { return "must not contain spaces" }
        if text.hasPrefix("https://") || text.hasPrefix("ssh://") || text.hasPrefix("file://") {
            guard let components = URLComponents(string: text) else { return "is not a valid URL" }
            if text.hasPrefix("file://") {
                return components.path.hasPrefix("/") ? nil : "must be an absolute file:// URL"
            }
            guard let host = components.host, !host.isEmpty else { return "must name a host" }
            guard components.path.count > 1 else { return "must name a repository path" }
            if text.hasPrefix("https://"), components.password != nil {
                return "must not embed a password; use a git credential"
            }
            return nil
        }
        if text.hasPrefix("http://") {
            let host = URLComponents(string: text)?.host ?? ""
            return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
                ? nil : "must use https:// (plain http:// is accepted only for localhost)"
        }
        if let scpProblem = problemWithSCPStyle(text) { return scpProblem }
        return nil
    }

    private static func problemWithSCPStyle(_ text: String) -> String? {
        let message = "must be an https://, ssh:// (or git@host:org/repo.git) or file:// URL"
        guard let at = text.firstIndex(of: "@"), let colon = text[at...].firstIndex(of: ":") else { return message }
        let user = text[..<at]
        let host = text[text.index(after: at)..<colon]
        let path = text[text.index(after: colon)...]
        guard !user.isEmpty, !host.isEmpty, !path.isEmpty, !host.contains("/"), !path.hasPrefix("//") else {
            return message
        }
        return nil
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
