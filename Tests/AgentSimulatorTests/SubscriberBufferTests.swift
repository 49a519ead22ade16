import Logging
import Testing

@testable import TestSupport

@Suite("Subscriber buffer")
struct SubscriberBufferTests {
    @Test("a subscriber 1024 events behind is closed after what it buffered")
    func overflowClosesTheStream() async throws {
        let conversation = SimulatedConversation(
            configuration: .testing,
            logger: Logger(label: "agent-simulator-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        await conversation.start()
        let subscription = await conversation.subscribe()
        for index in 0..<1100 {
            await conversation.recordAgentError("error \(index)", level: .error)
        }
        var received = 0
        for await _ in subscription.events {
            received += 1
        }
        #expect(received == SimulatedConversation.subscriberBufferSize)
        #expect(subscription.replay.count == 2)
    }
}
