/// The rules user fields must follow.
package enum UserRules {
    package static let minimumPasswordLength = 8
    package static let maximumPasswordLength = 72

    /// Whether `text` looks like an email address (one `@`, a dot in the domain, no spaces).
    package static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.count <= 254, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return !domain.isEmpty && !text.contains(where: \.isWhitespace)
            && (domain.contains(".") || domain == "localhost")
    }

    /// Field issues for a new password.
    package static func issues(password: String, field: String) -> [FieldIssue] {
        if containsControlCharacters(password) {
            return [FieldIssue(field, "must not contain control characters (such as NUL, tab or newline)")]
        }
        if password.count < minimumPasswordLength {
            return [FieldIssue(field, "must be at least \(minimumPasswordLength) characters")]
        }
        if password.utf8.count > maximumPasswordLength {
            return [FieldIssue(field, "must be at most \(maximumPasswordLength) bytes")]
        }
        return []
    }

    /// Whether `text` holds a control character (C0, DEL or C1), which no password may contain: bcrypt stops
    /// reading at a NUL, so `secret\0anything` would match `secret`.
    package static func containsControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
