/// The container probe routes outside `/api`: served without credentials, static files or request logs.
enum ProbeRoute {
    /// Answers while the process is up.
    static let liveness = "/livez"
    /// Answers while the store is reachable.
    static let readiness = "/readyz"

    static func contains(_ path: String) -> Bool {
        path == liveness || path == readiness
    }
}
