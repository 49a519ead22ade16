/// What child processes (git, agents) inherit of the manager's environment: enough to find tools and a home,
/// nothing of the manager's secrets. Built once at start from the environment `serve` read.
package struct ChildEnvironment: Sendable, Equatable {
    /// The inherited variables.
    package let variables: [String: String]
    /// Where executables are looked up: the inherited `PATH`, else ``defaultSearchPath``.
    package let searchPath: String

    /// The search path when the environment names none.
    package static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// Keeps `PATH`, `HOME`, `USER`, `LANG`, `LC_ALL`, `TMPDIR`, `SHELL` and `TZ` of `environment`.
    package init(inheriting environment: [String: String]) {
        var variables: [String: String] = [:]
        for name in ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "SHELL", "TZ"] {
            if let value = environment[name] { variables[name] = value }
        }
        searchPath = variables["PATH"] ?? Self.defaultSearchPath
        variables["PATH"] = searchPath
        self.variables = variables
    }
}
