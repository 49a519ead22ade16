import SQLKit

extension SQLStore {
    package func recordKeptWorkspace(shortName: String, ownerID: String?, projectID: String) async throws {
        try await forgetKeptWorkspace(shortName: shortName)
        try await database.insert(into: "kept_workspaces")
            .columns("short_name", "owner_id", "project_id", "kept_at")
            .values(SQLBind(shortName), SQLBind(ownerID), SQLBind(projectID), SQLBind(Timestamp.now))
            .run()
    }

    package func keptWorkspaceOwner(shortName: String) async throws -> String?? {
        guard
            let row = try await database.select().column("owner_id").from("kept_workspaces")
                .where("short_name", .equal, shortName).first()
        else { return nil }
        return .some(try row.decode(column: "owner_id", as: String?.self))
    }

    package func forgetKeptWorkspace(shortName: String) async throws {
        try await database.delete(from: "kept_workspaces").where("short_name", .equal, shortName).run()
    }
}
