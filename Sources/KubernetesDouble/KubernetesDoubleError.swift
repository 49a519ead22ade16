/// Why the double could not serve.
package enum KubernetesDoubleError: Error, Sendable {
    /// The server stopped before it reported its address.
    case stoppedBeforeListening
}
