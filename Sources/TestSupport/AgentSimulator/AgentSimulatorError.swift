/// Why a scoped simulator could not be used.
package enum AgentSimulatorError: Error {
    /// The server stopped without ever listening.
    case stoppedBeforeListening
}
