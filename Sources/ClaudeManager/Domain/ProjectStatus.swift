/// The one lifecycle every project follows, whatever runtime runs it.
package enum ProjectStatus: String, Sendable, Codable, CaseIterable {
    case creating
    case starting
    case running
    case stopping
    case stopped
    case error
    case deleting
}

/// What the user asked a project to be: running or stopped.
package enum DesiredState: String, Sendable, Codable, CaseIterable {
    case running
    case stopped
}
