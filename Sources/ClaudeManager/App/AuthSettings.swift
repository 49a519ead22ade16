import Foundation

/// Sessions, keys, the first admin and login limits.
///
/// Keys: `jwtSecret` (`JWT_SECRET`), `jwtExpiryHours` (`JWT_EXPIRY_HOURS`), `masterKey` (`MASTER_KEY`), `adminEmail`
/// (`ADMIN_EMAIL`), `adminPassword` (`ADMIN_PASSWORD`), `bcryptCost` (`BCRYPT_COST`), `loginRateLimit`
/// (`LOGIN_RATE_LIMIT`), `loginAccountRateLimit` (`LOGIN_ACCOUNT_RATE_LIMIT`).
package struct AuthSettings: Sendable {
    package var jwtSecret: Secret?
    /// Session lifetime in hours, at most ``maximumJWTExpiryHours``.
    package var jwtExpiryHours = 12
    package static let maximumJWTExpiryHours = 720
    package var masterKey: Secret?
    package var adminEmail = "admin@localhost"
    package var adminPassword: Secret?
    package var bcryptCost = 12
    /// Login attempts allowed per client address per minute.
    package var loginRateLimit = 10
    /// Login attempts allowed per account (email) per minute, from all addresses together.
    package var loginAccountRateLimit = 10

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("JWT_SECRET", "HS256 signing secret, at least 32 characters (required in production)"),
        ("JWT_EXPIRY_HOURS", "session lifetime in hours, at most 720 (default 12)"),
        ("MASTER_KEY", "secret from which the at-rest encryption key is derived (required in production)"),
        ("ADMIN_EMAIL", "email of the first admin (default admin@localhost)"),
        ("ADMIN_PASSWORD", "password of the first admin (default: generated and printed once)"),
        ("BCRYPT_COST", "bcrypt work factor 4-31 (default 12)"),
        ("LOGIN_RATE_LIMIT", "login attempts per client address per minute (default 10)"),
        ("LOGIN_ACCOUNT_RATE_LIMIT", "login attempts per account (email) per minute, all addresses (default 10)"),
    ]

    /// Reads and validates the variables of sessions, keys, the first admin and login limits.
    static func load(from source: ConfigurationSource) throws -> AuthSettings {
        var settings = AuthSettings()
        settings.jwtSecret = source.secret("JWT_SECRET")
        if let secret = settings.jwtSecret, secret.value.count < 32 {
            throw ConfigurationError("JWT_SECRET", "must be at least 32 characters")
        }
        settings.jwtExpiryHours =
            try source.integer("JWT_EXPIRY_HOURS", in: 1...maximumJWTExpiryHours) ?? settings.jwtExpiryHours
        settings.masterKey = source.secret("MASTER_KEY")
        if let key = settings.masterKey, key.value.count < 16 {
            throw ConfigurationError("MASTER_KEY", "must be at least 16 characters")
        }
        if let email = source.string("ADMIN_EMAIL") {
            guard UserRules.isPlausibleEmail(email) else {
                throw ConfigurationError("ADMIN_EMAIL", "must be an email address (got '\(email)')")
            }
            settings.adminEmail = email
        }
        settings.adminPassword = source.secret("ADMIN_PASSWORD")
        if let password = settings.adminPassword,
            let issue = UserRules.issues(password: password.value, field: "ADMIN_PASSWORD").first
        {
            throw ConfigurationError("ADMIN_PASSWORD", issue.message)
        }
        settings.bcryptCost = try source.integer("BCRYPT_COST", in: 4...31) ?? settings.bcryptCost
        settings.loginRateLimit = try source.integer("LOGIN_RATE_LIMIT", in: 1...100_000) ?? settings.loginRateLimit
        settings.loginAccountRateLimit =
            try source.integer("LOGIN_ACCOUNT_RATE_LIMIT", in: 1...100_000) ?? settings.loginAccountRateLimit
        return settings
    }
}
