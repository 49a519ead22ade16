import Foundation

/// How the local runtime starts, stops and confines agents.
///
/// Keys: `agentCommand` (`AGENT_COMMAND`), `agentStopGraceSeconds` (`AGENT_STOP_GRACE_SECONDS`),
/// `agentStartTimeoutSeconds` (`AGENT_START_TIMEOUT_SECONDS`), `simulatorPath` (`AGENT_SIMULATOR_PATH`),
/// `isSandboxEnabled` (`LOCAL_SANDBOX`), `sandboxUID` (`LOCAL_SANDBOX_UID`), plus `sandboxExecutable`.
/// ``AppConfiguration/localSandboxSettings`` turns the sandbox keys into the runtime's ``LocalSandboxSettings``.
package struct LocalRuntimeSettings: Sendable {
    package var agentCommand = AgentCommand.defaultTemplate
    package var agentStopGraceSeconds = 10
    package var agentStartTimeoutSeconds = 60
    /// Where the `agent-simulator` executable is; by default beside the manager's own executable.
    package var simulatorPath: String?
    /// `LOCAL_SANDBOX`: local agents run under bubblewrap (on) or unconfined as the manager's user (off).
    package var isSandboxEnabled = true
    /// `LOCAL_SANDBOX_UID`: the non-root uid and gid local agents have inside their sandbox.
    package var sandboxUID: UInt32 = 1000
    /// The bubblewrap executable (not configurable from the environment; tests point it elsewhere).
    package var sandboxExecutable = "bwrap"

    package init() {}

    /// The variables of this area, with what they mean, for `serve --help`.
    package static let documentedVariables: [(name: String, meaning: String)] = [
        ("AGENT_COMMAND", "agent command with {port}, or 'simulator' (default: \(AgentCommand.defaultTemplate))"),
        ("AGENT_STOP_GRACE_SECONDS", "seconds between SIGTERM and SIGKILL when stopping an agent (default 10)"),
        ("AGENT_START_TIMEOUT_SECONDS", "seconds an agent may take to answer GET /status (default 60)"),
        ("LOCAL_SANDBOX", "on (default): local agents run confined by bubblewrap; off: unconfined, as the manager"),
        ("LOCAL_SANDBOX_UID", "non-root uid and gid of local agents inside their sandbox (default 1000)"),
        ("AGENT_SIMULATOR_PATH", "path of the agent-simulator executable (default: beside claude-manager)"),
    ]

    /// Reads and validates the agent and sandbox variables.
    static func load(from source: ConfigurationSource) throws -> LocalRuntimeSettings {
        var settings = LocalRuntimeSettings()
        if let command = source.string("AGENT_COMMAND") {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError("AGENT_COMMAND", "must not be empty")
            }
            settings.agentCommand = command
        }
        settings.agentStopGraceSeconds =
            try source.integer("AGENT_STOP_GRACE_SECONDS", in: 0...600) ?? settings.agentStopGraceSeconds
        settings.agentStartTimeoutSeconds =
            try source.integer("AGENT_START_TIMEOUT_SECONDS", in: 1...3600) ?? settings.agentStartTimeoutSeconds
        if let sandbox = source.string("LOCAL_SANDBOX") {
            switch sandbox.lowercased() {
            case "on": settings.isSandboxEnabled = true
            case "off": settings.isSandboxEnabled = false
            default: throw ConfigurationError("LOCAL_SANDBOX", "must be on or off (got '\(sandbox)')")
            }
        }
        if let uid = try source.integer("LOCAL_SANDBOX_UID", in: 1...65533) {
            settings.sandboxUID = UInt32(uid)
        }
        settings.simulatorPath = source.string("AGENT_SIMULATOR_PATH")
        return settings
    }
}
