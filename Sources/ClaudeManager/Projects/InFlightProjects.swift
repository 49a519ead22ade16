/// Which projects are being reconciled, and which were asked for again meanwhile.
actor InFlightProjects {
    private var active: Set<String> = []
    private var again: Set<String> = []

    /// `true` when the caller should start reconciling; otherwise the request is folded into the running one.
    func begin(_ projectID: String) -> Bool {
        if active.contains(projectID) {
            again.insert(projectID)
            return false
        }
        active.insert(projectID)
        return true
    }

    /// `true` when the project was asked for again and must be reconciled once more.
    func finish(_ projectID: String) -> Bool {
        if again.remove(projectID) != nil { return true }
        active.remove(projectID)
        return false
    }
}
