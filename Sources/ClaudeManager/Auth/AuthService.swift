import Foundation
import HummingbirdBcrypt
import JWTKit
import Logging
import NIOPosix

/// Logs users in, verifies session JWTs and API tokens, and manages users and tokens.
package struct AuthService: Sendable {
    let store: any Store
    let keys: JWTKeyCollection
    let sessionLifetime: TimeInterval
    let bcryptCost: Int
    let rateLimiter: LoginRateLimiter
    let credentialCache = CredentialCache()
    let logger: Logger

    package init(
        store: any Store,
        jwtSecret: String,
        sessionHours: Int,
        bcryptCost: Int,
        loginRateLimit: Int,
        logger: Logger
    )
        async
    {
        self.store = store
        self.keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: jwtSecret), digestAlgorithm: .sha256)
        self.sessionLifetime = TimeInterval(sessionHours * 3600)
        self.bcryptCost = bcryptCost
        self.rateLimiter = LoginRateLimiter(limit: loginRateLimit)
        self.logger = logger
    }

    /// A signed-in session.
    package struct Session: Sendable {
        package var token: String
        package var expiresAt: Date
        package var user: User
    }

    /// Checks email and password and issues a session JWT.
    package func login(email: String, password: String, clientAddress: String) async throws -> Session {
        try rateLimiter.recordAttempt(from: clientAddress)
        let credentials = try await store.credentials(email: email.trimmingCharacters(in: .whitespaces))
        let hash = credentials?.passwordHash ?? Self.dummyHash
        let matches = try await verify(password, hash: hash)
        guard let credentials, matches, !credentials.user.isDisabled else {
            logger.notice("login failed", metadata: ["client.address": "\(clientAddress)"])
            throw AuthError.invalidCredentials
        }
        let expiresAt = Date().addingTimeInterval(sessionLifetime)
        let claims = SessionClaims(
            sub: SubjectClaim(value: credentials.user.id),
            exp: ExpirationClaim(value: expiresAt),
            iat: IssuedAtClaim(value: Date())
        )
        let token = try await keys.sign(claims)
        logger.info("login", metadata: ["user.id": "\(credentials.user.id)"])
        return Session(token: token, expiresAt: expiresAt, user: credentials.user)
    }

    /// The user a bearer value (session JWT or `cm_` API token) belongs to; throws when it is not valid now.
    package func authenticate(bearer value: String) async throws -> User {
        if let user = credentialCache.user(for: value) { return user }
        let user = try await authenticateUncached(bearer: value)
        credentialCache.remember(user, for: value)
        return user
    }

    private func authenticateUncached(bearer value: String) async throws -> User {
        if value.hasPrefix("cm_") {
            guard let token = try await store.token(valueHash: TokenHasher.hash(value)) else {
                throw AuthError.unauthenticated
            }
            if let expiresAt = token.expiresAt, expiresAt < Date() { throw AuthError.unauthenticated }
            if token.lastUsedAt.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
                try await store.recordTokenUse(id: token.id, at: Date())
            }
            return try await activeUser(id: token.userID)
        }
        let claims: SessionClaims
        do {
            claims = try await keys.verify(value, as: SessionClaims.self)
        } catch {
            throw AuthError.unauthenticated
        }
        return try await activeUser(id: claims.sub.value)
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
        try await store.insertUser(user, passwordHash: try await hash(chosen))
        try await store.appendAudit(
            AuditRecord.make(
                action: "user.bootstrap",
                targetType: "user",
                targetID: user.id,
                actor: .system,
                details: email
            )
        )
        return password == nil ? chosen : nil
    }

    func hash(_ password: String) async throws -> String {
        let cost = UInt8(clamping: bcryptCost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash to verify against when the email is unknown, so timing does not reveal which emails exist.
    private static let dummyHash = Bcrypt.hash("claude-manager-dummy-password", cost: 10)
}
