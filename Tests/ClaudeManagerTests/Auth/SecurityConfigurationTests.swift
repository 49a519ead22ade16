import ClaudeManager
import Configuration
import Foundation
import Testing

@Suite("Security configuration")
struct SecurityConfigurationTests {
    static func load(_ variables: [String: String]) throws -> AppConfiguration {
        try AppConfiguration.load(
            from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables))
        )
    }

    @Test(arguments: [
        ("JWT_EXPIRY_HOURS", "721"), ("JWT_EXPIRY_HOURS", "8760"), ("TRUSTED_PROXIES", "10.0.0.0/40"),
        ("TRUSTED_PROXIES", "10.0.0.1, proxy.internal"), ("LOGIN_ACCOUNT_RATE_LIMIT", "0"),
        ("HTTP_IDLE_TIMEOUT_SECONDS", "0"), ("HTTP_IDLE_TIMEOUT_SECONDS", "3601"), ("HTTP_MAX_CONNECTIONS", "lots"),
    ])
    func valuesOutOfRangeNameTheVariable(variable: String, value: String) {
        do {
            _ = try Self.load([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func valuesAreRead() throws {
        let defaults = try Self.load([:])
        #expect(defaults.server.trustedProxies.isEmpty)
        #expect(defaults.auth.loginAccountRateLimit == 10)
        #expect(defaults.server.httpIdleTimeoutSeconds == 30)
        #expect(defaults.server.httpMaxConnections == 4096)
        let configured = try Self.load([
            "JWT_EXPIRY_HOURS": "720", "TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::1", "LOGIN_ACCOUNT_RATE_LIMIT": "5",
            "HTTP_IDLE_TIMEOUT_SECONDS": "5", "HTTP_MAX_CONNECTIONS": "100",
        ])
        #expect(configured.server.httpIdleTimeoutSeconds == 5)
        #expect(configured.server.httpMaxConnections == 100)
        #expect(configured.auth.jwtExpiryHours == 720)
        #expect(configured.server.trustedProxies.ranges.count == 2)
        #expect(configured.auth.loginAccountRateLimit == 5)
    }
}
