import ClaudeManager
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import Testing

/// Runs a real manager on 127.0.0.1 (port 0) with its own data folder, and talks to it over HTTP.
enum TestApp {
    static let adminEmail = "admin@example.com"
    static let adminPassword = "admin-password-1"

    /// Builds and runs an app for the duration of `body`, then removes its data folder.
    static func run(
        configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (APIClient, AppComponents, AppConfiguration) async throws -> Void
    ) async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = AppConfiguration.testing(
            dataDirectory: directory,
            simulatorPath: TestEnvironment.simulatorPath
        )
        configuration.server.publicDirectory = TestEnvironment.publicDirectory
        configure(&configuration)
        let settings = configuration
        let files = try JSONLogFiles(directory: configuration.server.logDirectory)
        defer { files.close() }
        let logger = Logger(label: "claude-manager") { label in
            JSONLogHandler(label: label, files: files, level: .debug)
        }
        let (application, components) = try await buildApplication(configuration: configuration, logger: logger)
        try await application.test(.live) { client in
            try await body(APIClient(client: client), components, settings)
        }
    }
}

/// A JSON client for the manager's API on top of Hummingbird's test client.
struct APIClient {
    let client: any TestClientProtocol
    var token: String?

    func authorized(_ token: String?) -> APIClient {
        APIClient(client: client, token: token)
    }

    /// Sends a request; `json` is serialized with JSONSerialization, `raw` is sent as is.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        json: Any? = nil,
        raw: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token, headers[.authorization] == nil { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: body)
    }

    /// Logs in and returns a client that sends the session token.
    func login(email: String = TestApp.adminEmail, password: String = TestApp.adminPassword) async throws -> APIClient {
        let response = try await send(.post, "/api/auth/login", json: ["email": email, "password": password])
        #expect(response.status == .ok)
        let token = try #require(response.json["token"] as? String)
        return authorized(token)
    }

    /// Creates a user with `role` and returns a client signed in as them.
    func makeUser(role: String, email: String? = nil) async throws -> APIClient {
        let address = email ?? "\(role)-\(UUID().uuidString.prefix(6).lowercased())@example.com"
        let created = try await send(
            .post,
            "/api/users",
            json: ["email": address, "password": "password-\(role)", "role": role]
        )
        #expect(created.status == .created)
        return try await login(email: address, password: "password-\(role)")
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The body as a JSON array (empty when it is not one).
    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]] ?? []
    }

    var text: String { String(buffer: body) }
}
