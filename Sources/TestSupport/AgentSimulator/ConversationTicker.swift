import ServiceLifecycle

/// Drives the conversation's clock every 25 ms, like AgentAPI's snapshot loop, and ends SSE streams on shutdown.
struct ConversationTicker: Service {
    static let interval = Duration.milliseconds(25)

    let conversation: SimulatedConversation

    func run() async {
        while !Task.isShuttingDownGracefully {
            await conversation.tick()
            do {
                try await Task.sleep(for: Self.interval)
            } catch {
                break  // cancelled: the group is stopping
            }
        }
        await conversation.finishSubscriptions()
    }
}
