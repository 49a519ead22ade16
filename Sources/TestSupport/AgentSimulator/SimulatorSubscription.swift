/// One `/events` subscriber: the replay to send first, then the live events.
struct SimulatorSubscription: Sendable {
    let id: Int
    /// All messages, then one `status_change`, then the recent `agent_error`s.
    let replay: [SimulatorEvent]
    /// Live events; the stream ends when the subscriber is dropped or the simulator stops.
    let events: AsyncStream<SimulatorEvent>
    let continuation: AsyncStream<SimulatorEvent>.Continuation

    /// Ends the live stream, e.g. when the client goes away or the server shuts down.
    func close() {
        continuation.finish()
    }
}
