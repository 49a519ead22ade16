/// One invalid field of a request, named by its JSON path.
package struct FieldIssue: Sendable, Equatable {
    package var field: String
    package var message: String

    package init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Well-formed input that breaks the rules; answered with 422 and every offending field.
package struct ValidationError: Error, Sendable, Equatable {
    package var issues: [FieldIssue]

    package init(_ issues: [FieldIssue]) {
        self.issues = issues
    }

    package init(field: String, _ message: String) {
        self.issues = [FieldIssue(field, message)]
    }
}
