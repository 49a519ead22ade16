import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing

/// The real `claude-manager` executable run as a child process, for tests of startup and crashes.
final class ManagerProcess {
    let process = Process()
    let port: Int
    let output: String

    /// Starts `claude-manager serve` with `environment` added to a minimal one.
    init(environment: [String: String], port: Int, output: String, workingDirectory: String? = nil) throws {
        self.port = port
        self.output = output
        process.executableURL = URL(fileURLWithPath: TestEnvironment.managerPath)
        process.arguments = ["serve"]
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        var base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        ]
        base["PORT"] = String(port)
        base["HOST"] = "127.0.0.1"
        base["LOCAL_REPOSITORY_ROOTS"] = FileManager.default.temporaryDirectory.path
        process.environment = base.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL if the manager has not exited within 15 seconds.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A free TCP port on 127.0.0.1.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A small JSON client over AsyncHTTPClient for managers running as processes.
struct ProcessClient {
    let http: HTTPClient
    let baseURL: String
    var token: String?

    func send(
        _ method: HTTPMethod,
        _ path: String,
        json: [String: Any]? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await http.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    /// GETs `path` and returns the status and the body as text.
    func text(_ path: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await http.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Waits for `/livez`, then logs in as the admin.
    func ready(email: String, password: String) async throws -> ProcessClient {
        await eventually(timeout: .seconds(60), "manager did not come up at \(baseURL)") {
            var request = HTTPClientRequest(url: baseURL + "/livez")
            request.method = .GET
            guard let response = try? await http.execute(request, timeout: .seconds(2)) else { return false }
            _ = try? await response.body.collect(upTo: 1024)
            return response.status == .ok
        }
        let login = try await send(.POST, "/api/auth/login", json: ["email": email, "password": password])
        var client = self
        client.token = login.json["token"] as? String
        return client
    }
}
