import ClaudeManagerAPI
import Foundation

extension APIHandler {
    func listAuditRecords(_ input: Operations.ListAuditRecords.Input) async throws -> Operations.ListAuditRecords.Output
    {
        let paging = try Self.paging(page: input.query.page, limit: input.query.limit, defaultLimit: 50, maxLimit: 500)
        let page = try await store.listAudit(page: paging.page, limit: paging.limit)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map(Components.Schemas.AuditRecord.init),
                        total: page.total,
                        page: page.page,
                        limit: page.limit
                    )
                )
            )
        )
    }

    func getSystemInfo(_ input: Operations.GetSystemInfo.Input) async throws -> Operations.GetSystemInfo.Output {
        let availability = runtime.agentAvailability()
        return .ok(
            .init(
                body: .json(
                    .init(
                        version: claudeManagerVersion,
                        runtime: runtime.kind == .local ? .local : .kubernetes,
                        agentCommand: availability.command,
                        agentAvailable: availability.missingBinaries.isEmpty,
                        missingBinaries: availability.missingBinaries,
                        simulatorAvailable: availability.isSimulatorAvailable,
                        localSandbox: availability.localSandbox.map(Components.Schemas.LocalSandbox.init)
                    )
                )
            )
        )
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let storeHealth: ComponentHealth
        do {
            try await store.ping()
            storeHealth = ComponentHealth(.ok)
        } catch {
            storeHealth = ComponentHealth(.down, "database does not answer")
        }
        let runtimeHealth = await runtime.health()
        let overall: ComponentHealth.Status =
            storeHealth.status == .down ? .down : (runtimeHealth.status == .ok ? .ok : .degraded)
        let body = Components.Schemas.Health(
            status: .init(overall),
            version: claudeManagerVersion,
            components: .init(additionalProperties: [
                "store": .init(storeHealth),
                "runtime": .init(runtimeHealth),
            ])
        )
        return overall == .down ? .serviceUnavailable(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }
}

extension Components.Schemas.LocalSandbox {
    init(_ state: LocalSandboxState) {
        var problem: String?
        if case .unavailable(let reason) = state { problem = reason }
        self.init(enabled: state.isEnabled, available: state.isAvailable, problem: problem)
    }
}

extension Components.Schemas.Health.StatusPayload {
    init(_ status: ComponentHealth.Status) {
        switch status {
        case .ok: self = .ok
        case .degraded: self = .degraded
        case .down: self = .down
        }
    }
}
