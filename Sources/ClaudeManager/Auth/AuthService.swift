import Foundation
import JWTKit
import Logging

/// Logs users in, verifies session JWTs and API tokens, and manages users, tokens and sessions.
package struct AuthService: Sendable {
    let store: any Store
    let keys: JWTKeyCollection
    let sessionLifetime: TimeInterval
    let passwords: PasswordHasher
    let rateLimiter: LoginRateLimiter
    let credentialCache = CredentialCache()
    let logger: Logger

    package init(
        store: any Store,
        jwtSecret: String,
        sessionHours: Int,
        passwords: PasswordHasher,
        rateLimiter: LoginRateLimiter,
        logger: Logger
    )
        async
    {
        self.store = store
        self.keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: jwtSecret), digestAlgorithm: .sha256)
        self.sessionLifetime = TimeInterval(sessionHours * 3600)
        self.passwords = passwords
        self.rateLimiter = rateLimiter
        self.logger = logger
    }

    /// A signed-in session.
    package struct Session: Sendable {
        package var token: String
        package var expiresAt: Date
        package var user: User
    }

    /// Checks email and password and issues a session JWT backed by a new ``UserSession``.
    ///
    /// Every attempt that passes the rate limits costs exactly one bcrypt verification at ``PasswordHasher/cost``:
    /// against the user's hash, or, when the email is unknown or the password could never have been set, against an
    /// unmatchable hash.
    package func login(email: String, password: String, clientAddress: String) async throws -> Session {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try rateLimiter.recordAttempt(from: clientAddress, for: email)
        let credentials = try await store.credentials(email: email)
        let isSettable = !UserRules.containsControlCharacters(password)
        let hash = (isSettable ? credentials?.passwordHash : nil) ?? passwords.unmatchableHash
        let matches = try await passwords.verify(password, hash: hash)
        guard let credentials, isSettable, matches, !credentials.user.isDisabled else {
            logger.notice("login failed", metadata: ["client.address": "\(clientAddress)"])
            throw AuthError.invalidCredentials
        }
        if passwords.needsRehash(credentials.passwordHash) {
            try await store.updatePasswordHash(try await passwords.hash(password), userID: credentials.user.id)
        }
        let now = Date()
        let session = UserSession(
            id: UUID().uuidString.lowercased(),
            userID: credentials.user.id,
            createdAt: now,
            expiresAt: now.addingTimeInterval(sessionLifetime)
        )
        try await store.deleteSessions(expiredBefore: now)
        try await store.insertSession(session)
        let claims = SessionClaims(
            sub: SubjectClaim(value: credentials.user.id),
            exp: ExpirationClaim(value: session.expiresAt),
            iat: IssuedAtClaim(value: now),
            jti: IDClaim(value: session.id)
        )
        let token = try await keys.sign(claims)
        logger.info("login", metadata: ["user.id": "\(credentials.user.id)"])
        return Session(token: token, expiresAt: session.expiresAt, user: credentials.user)
    }

    /// Whom a bearer value (session JWT or `cm_` API token) belongs to; throws when it is not valid now.
    package func authenticate(bearer value: String) async throws -> Authentication {
        if let authentication = credentialCache.authentication(for: value) { return authentication }
        let generation = credentialCache.generation
        let authentication = try await authenticateUncached(bearer: value)
        credentialCache.remember(authentication, for: value, ifGeneration: generation)
        return authentication
    }

    private func authenticateUncached(bearer value: String) async throws -> Authentication {
        if value.hasPrefix("cm_") {
            guard let token = try await store.token(valueHash: TokenHasher.hash(value)) else {
                throw AuthError.unauthenticated
            }
            if let expiresAt = token.expiresAt, expiresAt < Date() { throw AuthError.unauthenticated }
            if token.lastUsedAt.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
                try await store.recordTokenUse(id: token.id, at: Date())
            }
            return Authentication(user: try await activeUser(id: token.userID), sessionID: nil)
        }
        let claims: SessionClaims
        do {
            claims = try await keys.verify(value, as: SessionClaims.self)
        } catch {
            throw AuthError.unauthenticated
        }
        guard let session = try await store.session(id: claims.jti.value), session.userID == claims.sub.value,
            session.isUsable(at: Date())
        else { throw AuthError.unauthenticated }
        return Authentication(user: try await activeUser(id: claims.sub.value), sessionID: session.id)
    }

    private func activeUser(id: String) async throws -> User {
        guard let user = try await store.user(id: id), !user.isDisabled else { throw AuthError.unauthenticated }
        return user
    }

    /// Creates the first admin when there are no users; returns the generated password when none was configured.
    package func bootstrapAdmin(email: String, password: String?) async throws -> String? {
        guard try await store.countUsers() == 0 else { return nil }
        let chosen = password ?? TokenHasher.randomURLSafeString(byteCount: 18)
        let now = Date()
        let user = User(
            id: UUID().uuidString.lowercased(),
            email: email,
            role: .admin,
            isDisabled: false,
            createdAt: now,
            updatedAt: now
        )
        try await store.insertUser(user, passwordHash: try await passwords.hash(chosen))
        try await store.appendAudit(
            AuditRecord.make(
                action: .userBootstrap,
                targetType: .user,
                targetID: user.id,
                actor: .system,
                details: email
            )
        )
        return password == nil ? chosen : nil
    }
}
