import AsyncHTTPClient
import ServiceLifecycle

/// Keeps the database open until shutdown, then closes it.
struct DatabaseService: Service {
    let connection: DatabaseConnection

    func run() async throws {
        try? await gracefulShutdown()  // nil: cancellation also means shut down
        try await connection.close()
    }
}

/// Keeps the shared HTTP client alive until shutdown, then shuts it down.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()  // nil: cancellation also means shut down
        try await client.shutdown()
    }
}
