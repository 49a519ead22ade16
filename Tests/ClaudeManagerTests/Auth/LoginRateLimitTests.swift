import ClaudeManager
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Login rate limits")
struct LoginRateLimitTests {
    @Test func anAccountIsLimitedAcrossAddresses() throws {
        let limiter = LoginRateLimiter(addressLimit: 100, accountLimit: 3)
        let now = Date()
        for index in 0..<3 {
            try limiter.recordAttempt(from: "10.0.0.\(index)", for: "admin@example.com", at: now)
        }
        #expect(throws: AuthError.rateLimited(retryAfterSeconds: 60)) {
            try limiter.recordAttempt(from: "10.0.1.1", for: "admin@example.com", at: now)
        }
        try limiter.recordAttempt(from: "10.0.1.1", for: "other@example.com", at: now)
        try limiter.recordAttempt(from: "10.0.1.2", for: "admin@example.com", at: now.addingTimeInterval(61))
    }

    @Test func anAddressIsLimitedAcrossAccounts() throws {
        let limiter = LoginRateLimiter(addressLimit: 2, accountLimit: 100)
        let now = Date()
        try limiter.recordAttempt(from: "10.0.0.1", for: "a@example.com", at: now)
        try limiter.recordAttempt(from: "10.0.0.1", for: "b@example.com", at: now.addingTimeInterval(20))
        #expect(throws: AuthError.rateLimited(retryAfterSeconds: 40)) {
            try limiter.recordAttempt(from: "10.0.0.1", for: "c@example.com", at: now.addingTimeInterval(20))
        }
    }

    @Test func anIPv6NetworkCountsAsOneAddress() throws {
        let limiter = LoginRateLimiter(addressLimit: 2, accountLimit: 100)
        let now = Date()
        try limiter.recordAttempt(from: "2001:db8:1:2::1", for: "a@example.com", at: now)
        try limiter.recordAttempt(from: "2001:db8:1:2:ffff::9", for: "b@example.com", at: now)
        #expect(throws: AuthError.self) {
            try limiter.recordAttempt(from: "2001:db8:1:2:abcd::", for: "c@example.com", at: now)
        }
        try limiter.recordAttempt(from: "2001:db8:1:3::1", for: "c@example.com", at: now)
        #expect(LoginRateLimiter.key(forAddress: "2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(LoginRateLimiter.key(forAddress: "::ffff:192.0.2.1") == "192.0.2.1")
        #expect(LoginRateLimiter.key(forAddress: "unknown") == "unknown")
    }

    @Test func anAddressSprayCostsBoundedMemory() throws {
        let capacity = 2_000
        let limiter = LoginRateLimiter(addressLimit: 3, accountLimit: 1_000_000, capacity: capacity)
        let now = Date()
        for _ in 0..<3 { try limiter.recordAttempt(from: "192.0.2.1", for: "admin@example.com", at: now) }
        for index in 0..<100_000 {
            let address = "10.\(index >> 16).\((index >> 8) & 255).\(index & 255)"
            try limiter.recordAttempt(from: address, for: "user\(index)@example.com", at: now)
            if index % 500 == 0 {
                #expect(throws: AuthError.self) {  // a key in use survives the spray
                    try limiter.recordAttempt(from: "192.0.2.1", for: "admin@example.com", at: now)
                }
            }
        }
        #expect(limiter.trackedKeys.addresses <= capacity)
        #expect(limiter.trackedKeys.accounts <= capacity)
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() throws {
        let proxies = try #require(try? TrustedProxies.parse("10.0.0.0/8, 192.0.2.7, fd00::/8").get())
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == nil)
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        #expect(
            proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 198.51.100.1, 192.0.2.7"])
                == "198.51.100.1"
        )
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1", "198.51.100.1"]) == "198.51.100.1")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["10.9.9.9"]) == "10.9.9.9")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: []) == "10.1.2.3")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, bogus, 10.2.2.2"]) == "10.2.2.2")
        #expect(proxies.clientAddress(peer: "fd00::1", forwardedFor: ["[2001:db8::5]:4711"]) == "2001:db8::5")
        #expect(proxies.clientAddress(peer: "::ffff:10.0.0.1", forwardedFor: ["198.51.100.1:80"]) == "198.51.100.1")
        #expect(proxies.clientAddress(peer: "fe80::1", forwardedFor: ["198.51.100.1"]) == nil)
        #expect((try? TrustedProxies.parse("").get())?.isEmpty == true)
        for invalid in ["10.0.0.0/33", "proxy.example.com", "10.0.0.1/", "fd00::/129"] {
            #expect((try? TrustedProxies.parse("10.0.0.1, \(invalid)").get()) == nil, "\(invalid)")
        }
    }

    /// A failed login sent with `X-Forwarded-For: forwardedFor`.
    static func attempt(_ client: APIClient, forwardedFor: String) async throws -> HTTPResponse.Status {
        var headers = HTTPFields()
        headers[try #require(HTTPField.Name("X-Forwarded-For"))] = forwardedFor
        return try await client.send(
            .post,
            "/api/auth/login",
            json: ["email": "nobody@example.com", "password": "wrong-password"],
            headers: headers
        ).status
    }

    @Test func forwardedForIsIgnoredWithoutTrustedProxies() async throws {
        let configure: (inout AppConfiguration) -> Void = { $0.auth.loginRateLimit = 2 }
        try await TestApp.run(configure: configure) { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for address in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
                statuses.append(try await LoginRateLimitTests.attempt(client, forwardedFor: address))
            }
            #expect(statuses == [.unauthorized, .unauthorized, .tooManyRequests])
        }
    }

    @Test func theForwardedAddressIsTheRateLimitKeyBehindATrustedProxy() async throws {
        let configure: (inout AppConfiguration) -> Void = {
            $0.auth.loginRateLimit = 2
            $0.server.trustedProxies = try! TrustedProxies.parse("127.0.0.1, ::1").get()
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for chain in ["spoofed, 198.51.100.1", "198.51.100.9, 198.51.100.1", "198.51.100.1", "198.51.100.2"] {
                statuses.append(try await LoginRateLimitTests.attempt(client, forwardedFor: chain))
            }
            #expect(statuses == [.unauthorized, .unauthorized, .tooManyRequests, .unauthorized])
        }
    }

    @Test func anAccountIsLimitedOverHTTP() async throws {
        let configure: (inout AppConfiguration) -> Void = {
            $0.auth.loginAccountRateLimit = 2
            $0.server.trustedProxies = try! TrustedProxies.parse("127.0.0.1, ::1").get()
        }
        try await TestApp.run(configure: configure) { client, _, _ in
            for index in 0..<3 {
                var headers = HTTPFields()
                headers[try #require(HTTPField.Name("X-Forwarded-For"))] = "198.51.100.\(index)"
                let response = try await client.send(
                    .post,
                    "/api/auth/login",
                    json: [
                        "email": TestApp.adminEmail,
                        "password": index < 2 ? "wrong-password" : TestApp.adminPassword,
                    ],
                    headers: headers
                )
                #expect(response.status == (index < 2 ? .unauthorized : .tooManyRequests))
                if index == 2 { #expect(response.headers[.retryAfter] != nil) }
            }
        }
    }
}
