import ClaudeManager
import Configuration
import Foundation
import Logging
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    static func load(_ variables: [String: String]) throws -> AppConfiguration {
        try AppConfiguration.load(
            from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables))
        )
    }

    @Test func defaultsNeedNothing() throws {
        let configuration = try Self.load([:])
        #expect(configuration.server.port == 3000)
        #expect(configuration.store.databaseURL == "./data/claude-manager.sqlite")
        #expect(configuration.runtime == .auto)
        #expect(configuration.localRuntime.agentCommand == AgentCommand.defaultTemplate)
    }

    @Test func valuesAreRead() throws {
        let configuration = try Self.load([
            "PORT": "8080", "DATA_DIR": "/srv/cm", "NODE_ENV": "production",
            "JWT_SECRET": String(repeating: "j", count: 40),
            "MASTER_KEY": String(repeating: "m", count: 32), "LOG_LEVEL": "DEBUG",
            "DATABASE_URL": "postgres://cm:pw@db:5432/cm",
            "AGENT_COMMAND": "simulator",
        ])
        #expect(configuration.server.port == 8080)
        #expect(configuration.environment == .production)
        #expect(configuration.server.logLevel == .debug)
        #expect(configuration.store.databaseURL == "postgres://cm:pw@db:5432/cm")
        #expect(configuration.localRuntime.agentCommand == "simulator")
        #expect("\(configuration.auth.jwtSecret as Any)".contains("jjjj") == false)
    }

    @Test(arguments: [
        ("PORT", "abc"), ("PORT", "70000"), ("DATABASE_URL", "foo://x"), ("DATABASE_URL", "postgres://"),
        ("LOG_LEVEL", "loud"),
        ("RUNTIME", "docker"), ("ENVIRONMENT", "staging"), ("JWT_SECRET", "short"), ("BCRYPT_COST", "99"),
        ("ADMIN_EMAIL", "not-an-email"), ("DEFAULT_WORKSPACE_SIZE", "big"), ("FRONTEND_URL", "ftp://x"),
    ])
    func malformedValuesNameTheVariable(variable: String, value: String) {
        #expect(throws: ConfigurationError.self) { try Self.load([variable: value]) }
        do {
            _ = try Self.load([variable: value])
        } catch let error as ConfigurationError {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func productionRequiresSecrets() {
        #expect(throws: ConfigurationError.self) { try Self.load(["ENVIRONMENT": "production"]) }
        #expect(throws: ConfigurationError.self) {
            try Self.load(["ENVIRONMENT": "production", "JWT_SECRET": String(repeating: "j", count: 40)])
        }
    }

    @Test func serveHelpListsTheVariables() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.managerPath)
        process.arguments = ["serve", "--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for variable in [
            "PORT", "DATABASE_URL", "DATA_DIR", "JWT_SECRET", "MASTER_KEY", "ADMIN_PASSWORD", "AGENT_COMMAND",
            "RUNTIME",
        ] {
            #expect(text.contains(variable), "--help does not mention \(variable)")
        }
    }

    @Test func dotEnvFileIsRead() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("cm-env")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "PORT=notaport\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.managerPath)
        process.arguments = ["serve"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.contains("PORT") && text.contains("notaport"))
    }
}

@Suite("Agent command")
struct AgentCommandTests {
    @Test func defaultTemplateNeedsAgentapiAndClaude() {
        let command = AgentCommand(template: AgentCommand.defaultTemplate, simulatorPath: "/x/agent-simulator")
        #expect(command.requiredBinaries == ["agentapi", "claude"])
        #expect(
            command.argv(port: 4242) == ["agentapi", "server", "--type", "claude", "--port", "4242", "--", "claude"]
        )
        #expect(!command.isSimulator)
    }

    @Test func simulatorKeywordUsesTheBundledSimulator() {
        let command = AgentCommand(template: "simulator", simulatorPath: "/x/agent-simulator")
        #expect(command.isSimulator)
        #expect(command.argv(port: 7) == ["/x/agent-simulator", "--port", "7"])
    }

    @Test func quotesGroupWords() {
        let command = AgentCommand(template: "/bin/sh -c 'echo hi; exit 3' \"a b\"", simulatorPath: "")
        #expect(command.words == ["/bin/sh", "-c", "echo hi; exit 3", "a b"])
    }
}
