/// Who a request's credential belongs to: the user, and the session when the credential is a session JWT.
package struct Authentication: Sendable, Equatable {
    package var user: User
    /// The id of the session behind a session JWT; `nil` for API tokens.
    package var sessionID: String?

    package init(user: User, sessionID: String?) {
        self.user = user
        self.sessionID = sessionID
    }
}
