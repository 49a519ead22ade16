/// What a delete does to the objects the deleted one owns (`propagationPolicy`).
package enum KubernetesPropagationPolicy: String, Sendable {
    /// Delete the object now and its dependents in the background.
    case background = "Background"
    /// Delete the dependents first.
    case foreground = "Foreground"
    /// Leave the dependents.
    case orphan = "Orphan"
}
