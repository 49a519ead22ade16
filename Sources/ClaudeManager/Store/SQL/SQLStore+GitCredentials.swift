import Foundation
import SQLKit

extension SQLStore {
    package func insertGitCredential(_ credential: GitCredential, secret: GitSecret) async throws {
        let sealed: String? =
            switch secret {
            case .token(_, let token): try secretBox.seal(token)
            case .sshKey(let key): try secretBox.seal(key)
            case .none: nil
            }
        try await mappingConflicts("a git credential named '\(credential.name)' already exists") {
            try await database.insert(into: "git_credentials")
                .columns(
                    "id",
                    "name",
                    "kind",
                    "provider",
                    "username",
                    "secret",
                    "created_at",
                    "owner_id",
                    "scope",
                    "hosts"
                )
                .values(
                    SQLBind(credential.id),
                    SQLBind(credential.name),
                    SQLBind(credential.kind.rawValue),
                    SQLBind(credential.provider.rawValue),
                    SQLBind(credential.username),
                    SQLBind(sealed),
                    SQLBind(Timestamp.milliseconds(credential.createdAt)),
                    SQLBind(credential.ownerID),
                    SQLBind(credential.scope.rawValue),
                    SQLBind(GitHostBinding.column(credential.hosts))
                )
                .run()
        }
    }

    package func listGitCredentials() async throws -> [GitCredential] {
        try await database.select().columns(Self.columns)
            .from("git_credentials").orderBy("name").all().map(Self.credential(from:))
    }

    package func gitCredential(id: String) async throws -> GitCredential? {
        try await database.select().columns(Self.columns)
            .from("git_credentials").where("id", .equal, id).first().map(Self.credential(from:))
    }

    package func gitSecret(credentialID: String) async throws -> GitSecret? {
        guard
            let row = try await database.select().columns("*").from("git_credentials")
                .where("id", .equal, credentialID).first()
        else { return nil }
        let credential = try Self.credential(from: row)
        let sealed = try row.decode(column: "secret", as: String?.self)
        switch credential.kind {
        case .none:
            return GitSecret.none
        case .token:
            guard let sealed else { return GitSecret.none }
            return .token(username: credential.username ?? "git", token: try secretBox.open(sealed))
        case .sshKey:
            guard let sealed else { return GitSecret.none }
            return .sshKey(privateKey: try secretBox.open(sealed))
        }
    }

    package func deleteGitCredential(id: String) async throws {
        guard try await gitCredential(id: id) != nil else {
            throw StoreError.notFound(entity: "git credential", id: id)
        }
        try await database.delete(from: "git_credentials").where("id", .equal, id).run()
    }

    package func countProjects(usingCredential id: String) async throws -> Int {
        try await count(
            database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("projects")
                .where("git_credential_id", .equal, id)
        )
    }

    private static let columns = [
        "id", "name", "kind", "provider", "username", "created_at", "owner_id", "scope", "hosts",
    ]

    private static func credential(from row: any SQLRow) throws -> GitCredential {
        GitCredential(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            kind: GitCredentialKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .none,
            provider: GitProvider(rawValue: try row.decode(column: "provider", as: String.self)) ?? .other,
            username: try row.decode(column: "username", as: String?.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            ownerID: try row.decode(column: "owner_id", as: String?.self),
            // An unknown scope is the narrower one.
            scope: GitCredentialScope(rawValue: try row.decode(column: "scope", as: String.self)) ?? .personal,
            hosts: GitHostBinding.bindings(column: try row.decode(column: "hosts", as: String.self))
        )
    }
}
