import Logging
import ServiceLifecycle

/// Where a service that was started by ``withListeningService(logger:stoppedBeforeListening:makeService:body:)``
/// listens, and the group running it.
package struct ListeningService: Sendable {
    package let host: String
    package let port: Int
    package let group: ServiceGroup
}

/// Runs the service `makeService` builds in its own `ServiceGroup` while `body` runs, from the moment it reports
/// where it listens, then shuts it down gracefully (also when `body` throws).
///
/// - Parameters:
///   - stoppedBeforeListening: thrown when the service ends before it reports an address.
///   - makeService: builds the service, given the callback it must call once with its bound host and port.
package func withListeningService<S: Service, Result>(
    logger: Logger,
    isolation: isolated (any Actor)? = #isolation,
    stoppedBeforeListening: any Error,
    makeService: (_ onListening: @escaping @Sendable (_ host: String, _ port: Int) -> Void) throws -> S,
    body: (S, ListeningService) async throws -> Result
) async throws -> Result {
    let (addresses, addressContinuation) = AsyncStream.makeStream(of: (String, Int).self)
    let service = try makeService { host, port in
        addressContinuation.yield((host, port))
        addressContinuation.finish()
    }
    let group = ServiceGroup(services: [service], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
        tasks.addTask {
            defer { addressContinuation.finish() }
            try await group.run()
        }
        var iterator = addresses.makeAsyncIterator()
        guard let (host, port) = await iterator.next() else {
            try await tasks.waitForAll()
            throw stoppedBeforeListening
        }
        let result: Result
        do {
            result = try await body(service, ListeningService(host: host, port: port, group: group))
        } catch {
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
