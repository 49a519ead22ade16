import Foundation

/// Settings of the local runtime.
package struct LocalRuntimeConfiguration: Sendable {
    /// Holds `workspaces/<shortName>`, `agents/<shortName>.{log,pid}` and `sandboxes/<shortName>`.
    package var dataDirectory: String
    package var command: AgentCommand
    package var stopGrace: Duration
    package var startTimeout: Duration
    /// How long one `git clone` may take.
    package var cloneTimeout: Duration
    /// Whether and how agents are confined (`LOCAL_SANDBOX`).
    package var sandbox: LocalSandboxSettings
    /// What git and the agents inherit of the manager's environment.
    package var childEnvironment: ChildEnvironment

    package init(
        dataDirectory: String,
        command: AgentCommand,
        stopGrace: Duration,
        startTimeout: Duration,
        cloneTimeout: Duration = .seconds(600),
        sandbox: LocalSandboxSettings,
        childEnvironment: ChildEnvironment
    ) {
        self.childEnvironment = childEnvironment
        self.dataDirectory = dataDirectory
        self.command = command
        self.stopGrace = stopGrace
        self.startTimeout = startTimeout
        self.cloneTimeout = cloneTimeout
        self.sandbox = sandbox
    }

    /// The manager's own ssh host keys, trusted on first use.
    var knownHostsFile: String { (dataDirectory as NSString).appendingPathComponent("ssh/known_hosts") }

    var workspacesDirectory: String { (dataDirectory as NSString).appendingPathComponent("workspaces") }
    var agentsDirectory: String { (dataDirectory as NSString).appendingPathComponent("agents") }

    func workspace(of project: Project) -> String {
        (workspacesDirectory as NSString).appendingPathComponent(project.shortName)
    }

    /// The sandboxed agent's own folder: its home, its state, and the account files it sees.
    func sandboxFolder(of project: Project) -> String {
        ((dataDirectory as NSString).appendingPathComponent("sandboxes") as NSString)
            .appendingPathComponent(project.shortName)
    }

    func logFile(of project: Project) -> String {
        (agentsDirectory as NSString).appendingPathComponent("\(project.shortName).log")
    }

    func pidFile(of project: Project) -> String {
        (agentsDirectory as NSString).appendingPathComponent("\(project.shortName).pid")
    }
}
