import ClaudeManagerAPI
import Foundation

extension APIHandler {
    func listProjects(_ input: Operations.ListProjects.Input) async throws -> Operations.ListProjects.Output {
        let paging = try Self.paging(page: input.query.page, limit: input.query.limit, defaultLimit: 20, maxLimit: 200)
        let page = try await projects.list(
            ProjectQuery(
                page: paging.page,
                limit: paging.limit,
                search: input.query.search,
                status: input.query.status.map(ProjectStatus.init)
            )
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map { .init($0, runtime: runtime.kind) },
                        total: page.total,
                        page: page.page,
                        limit: page.limit
                    )
                )
            )
        )
    }

    func createProject(_ input: Operations.CreateProject.Input) async throws -> Operations.CreateProject.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let project = try await projects.create(ProjectDraft(body), by: try currentUser())
        return .created(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func getProject(_ input: Operations.GetProject.Input) async throws -> Operations.GetProject.Output {
        .ok(.init(body: .json(.init(try await projects.project(id: input.path.projectId), runtime: runtime.kind))))
    }

    func updateProject(_ input: Operations.UpdateProject.Input) async throws -> Operations.UpdateProject.Output {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let project = try await projects.update(id: input.path.projectId, ProjectChanges(body), by: try currentUser())
        return .ok(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func deleteProject(_ input: Operations.DeleteProject.Input) async throws -> Operations.DeleteProject.Output {
        let project = try await projects.delete(
            id: input.path.projectId,
            keepingVolumes: input.query.keepVolumes ?? true,
            by: try currentActor()
        )
        return .accepted(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func startProject(_ input: Operations.StartProject.Input) async throws -> Operations.StartProject.Output {
        let project = try await projects.setDesiredState(id: input.path.projectId, .running, by: try currentActor())
        return .accepted(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func stopProject(_ input: Operations.StopProject.Input) async throws -> Operations.StopProject.Output {
        let project = try await projects.setDesiredState(id: input.path.projectId, .stopped, by: try currentActor())
        return .accepted(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func refreshProject(_ input: Operations.RefreshProject.Input) async throws -> Operations.RefreshProject.Output {
        let project = try await projects.refresh(id: input.path.projectId, by: try currentActor())
        return .accepted(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func addProjectCollaborator(
        _ input: Operations.AddProjectCollaborator.Input
    ) async throws
        -> Operations.AddProjectCollaborator.Output
    {
        guard case .json(let body) = input.body else { throw BadRequest(message: "send the body as application/json") }
        let project = try await projects.addCollaborator(
            email: body.email,
            projectID: input.path.projectId,
            by: try currentUser()
        )
        return .ok(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func removeProjectCollaborator(
        _ input: Operations.RemoveProjectCollaborator.Input
    ) async throws
        -> Operations.RemoveProjectCollaborator.Output
    {
        let project = try await projects.removeCollaborator(
            userID: input.path.userId,
            projectID: input.path.projectId,
            by: try currentUser()
        )
        return .ok(.init(body: .json(.init(project, runtime: runtime.kind))))
    }

    func getProjectEvents(_ input: Operations.GetProjectEvents.Input) async throws -> Operations.GetProjectEvents.Output
    {
        let events = try await projects.events(id: input.path.projectId)
        return .ok(.init(body: .json(.init(events: events.map(Components.Schemas.ProjectEvent.init)))))
    }

    func getProjectLogs(_ input: Operations.GetProjectLogs.Input) async throws -> Operations.GetProjectLogs.Output {
        let lines = input.query.lines ?? 200
        guard (1...10_000).contains(lines) else {
            throw BadRequest(
                message: "invalid query parameters",
                details: [FieldIssue("lines", "must be from 1 to 10000")]
            )
        }
        return .ok(.init(body: .json(.init(lines: try await projects.logs(id: input.path.projectId, lines: lines)))))
    }
}
