/// Errors of the store.
package enum StoreError: Error, Sendable, Equatable {
    case notFound(entity: String, id: String)
    case conflict(String)
    case unavailable(String)
}

/// Errors of authentication and authorization.
package enum AuthError: Error, Sendable, Equatable {
    case unauthenticated
    case invalidCredentials
    case forbidden(String)
    case rateLimited(retryAfterSeconds: Int)
}

/// Errors of project operations that the caller can act on.
package enum ProjectError: Error, Sendable, Equatable {
    case busy(String)
    case invalidState(String)
}
