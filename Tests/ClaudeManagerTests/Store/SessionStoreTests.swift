import Foundation
import Testing

@testable import ClaudeManager

@Suite("Session store")
struct SessionStoreTests {
    static func makeUser(_ id: String) -> User {
        let now = Date()
        return User(
            id: id,
            email: "\(id)@example.com",
            role: .member,
            isDisabled: false,
            createdAt: now,
            updatedAt: now
        )
    }

    static func makeSession(_ id: String, of userID: String, expiresIn seconds: TimeInterval = 3600) -> UserSession {
        let now = Date()
        return UserSession(id: id, userID: userID, createdAt: now, expiresAt: now.addingTimeInterval(seconds))
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func sessionsAreRevokedOneByOneOrPerUser(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            try await store.insertUser(Self.makeUser("ann"), passwordHash: "x")
            try await store.insertUser(Self.makeUser("bob"), passwordHash: "x")
            for id in ["a1", "a2", "a3"] { try await store.insertSession(Self.makeSession(id, of: "ann")) }
            try await store.insertSession(Self.makeSession("b1", of: "bob"))
            let stored = try #require(try await store.session(id: "a1"))
            #expect(stored.userID == "ann")
            #expect(stored.isUsable(at: Date()))
            #expect(try await store.session(id: "missing") == nil)

            let now = Date()
            try await store.revokeSession(id: "a1", at: now)
            #expect(try await store.session(id: "a1")?.isUsable(at: Date()) == false)
            try await store.revokeSession(id: "a1", at: now.addingTimeInterval(60))
            let revokedAt = try #require(try await store.session(id: "a1")?.revokedAt)
            #expect(abs(revokedAt.timeIntervalSince(now)) < 0.01, "a second revocation moved the time")

            #expect(try await store.revokeSessions(userID: "ann", except: "a3", at: Date()) == 1)
            #expect(try await store.session(id: "a2")?.isUsable(at: Date()) == false)
            #expect(try await store.session(id: "a3")?.isUsable(at: Date()) == true)
            #expect(try await store.session(id: "b1")?.isUsable(at: Date()) == true)
            #expect(try await store.revokeSessions(userID: "ann", except: nil, at: Date()) == 1)
            #expect(try await store.session(id: "a3")?.isUsable(at: Date()) == false)
        }
    }

    @Test(arguments: StoreBackend.sqliteCases)
    func expiredSessionsAndThoseOfDeletedUsersAreRemoved(backend: StoreBackend) async throws {
        try await backend.withStore { store, _, _ in
            try await store.insertUser(Self.makeUser("ann"), passwordHash: "x")
            try await store.insertUser(Self.makeUser("bob"), passwordHash: "x")
            try await store.insertSession(Self.makeSession("old", of: "ann", expiresIn: -60))
            try await store.insertSession(Self.makeSession("live", of: "ann"))
            try await store.insertSession(Self.makeSession("bobs", of: "bob"))
            #expect(try await store.session(id: "old")?.isUsable(at: Date()) == false)
            try await store.deleteSessions(expiredBefore: Date())
            #expect(try await store.session(id: "old") == nil)
            #expect(try await store.session(id: "live") != nil)
            try await store.deleteUser(id: "bob")
            #expect(try await store.session(id: "bobs") == nil)
        }
    }
}
