import Foundation
import Logging

extension AppConfiguration {
    /// A configuration for tests: port 0 on 127.0.0.1, its own data folder, cheap bcrypt, the agent simulator.
    package static func testing(dataDirectory: String, simulatorPath: String? = nil) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.environment = .test
        configuration.processEnvironment = ProcessInfo.processInfo.environment
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        configuration.dataDirectory = dataDirectory
        configuration.store.databaseURL = (dataDirectory as NSString).appendingPathComponent("claude-manager.sqlite")
        configuration.server.logDirectory = (dataDirectory as NSString).appendingPathComponent("logs")
        configuration.server.logLevel = .debug
        configuration.auth.jwtSecret = Secret("test-jwt-secret-0123456789abcdef0123456789")
        configuration.auth.masterKey = Secret("test-master-key-0123456789abcdef")
        configuration.auth.adminEmail = "admin@example.com"
        configuration.auth.adminPassword = Secret("admin-password-1")
        configuration.auth.bcryptCost = 4
        configuration.auth.loginRateLimit = 1000
        configuration.auth.loginAccountRateLimit = 1000
        // The live test client keeps one connection and never reconnects, while tests may wait on doubles for longer
        // than the production default; the tests of the timeout shorten it themselves.
        configuration.server.httpIdleTimeoutSeconds = 300
        configuration.localRuntime.agentCommand = AgentCommand.simulatorKeyword
        configuration.localRuntime.simulatorPath = simulatorPath
        configuration.localRuntime.agentStopGraceSeconds = 5
        configuration.localRuntime.agentStartTimeoutSeconds = 30
        // Tests clone file:// repositories they make in the temporary folder.
        configuration.projects.localRepositoryRoots = [FileManager.default.temporaryDirectory.path]
        configuration.runtime = .local  // never the developer's cluster; Kubernetes tests choose the test double
        return configuration
    }
}
