import Foundation
import Logging

extension AppConfiguration {
    /// A configuration for tests: port 0 on 127.0.0.1, its own data folder, cheap bcrypt, the agent simulator.
    package static func testing(dataDirectory: String, simulatorPath: String? = nil) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.environment = .test
        configuration.processEnvironment = ProcessInfo.processInfo.environment
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = dataDirectory
        configuration.databaseURL = (dataDirectory as NSString).appendingPathComponent("claude-manager.sqlite")
        configuration.logDirectory = (dataDirectory as NSString).appendingPathComponent("logs")
        configuration.logLevel = .debug
        configuration.jwtSecret = Secret("test-jwt-secret-0123456789abcdef0123456789")
        configuration.masterKey = Secret("test-master-key-0123456789abcdef")
        configuration.adminEmail = "admin@example.com"
        configuration.adminPassword = Secret("admin-password-1")
        configuration.bcryptCost = 4
        configuration.loginRateLimit = 1000
        configuration.loginAccountRateLimit = 1000
        // The live test client keeps one connection and never reconnects, while tests may wait on doubles for longer
        // than the production default; the tests of the timeout shorten it themselves.
        configuration.httpIdleTimeoutSeconds = 300
        configuration.agentCommand = AgentCommand.simulatorKeyword
        configuration.simulatorPath = simulatorPath
        configuration.agentStopGraceSeconds = 5
        configuration.agentStartTimeoutSeconds = 30
        // Tests clone file:// repositories they make in the temporary folder.
        configuration.localRepositoryRoots = [FileManager.default.temporaryDirectory.path]
        configuration.runtime = .local  // never the developer's cluster; Kubernetes tests choose the test double
        return configuration
    }
}
