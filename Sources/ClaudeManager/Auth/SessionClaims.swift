import JWTKit

/// The claims of a session JWT: the user's id, the token's lifetime and the id of its server-side session.
struct SessionClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    /// The id of the ``UserSession`` that must still be usable for the token to be accepted.
    var jti: IDClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
