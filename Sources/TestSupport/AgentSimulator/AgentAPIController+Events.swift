import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

extension AgentAPIController {
    /// `GET /events`: the replay, then live events, id-less, without heartbeats; never waits for the lock.
    func events(_ request: Request) async -> Response {
        let subscription = await conversation.subscribe()
        let conversation = self.conversation
        let limit = configuration.faults.dropEventsAfter
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache, no-store, must-revalidate"
        headers[.pragma] = "no-cache"
        headers[.expires] = "0"
        headers[.xAccelBuffering] = "no"
        headers[.xProxyBuffering] = "no"
        let body = ResponseBody { writer in
            do {
                try await request.body.consumeWithInboundCloseHandler { _ in
                    try await withGracefulShutdownHandler {
                        try await Self.send(subscription, to: &writer, limit: limit)
                    } onGracefulShutdown: {
                        subscription.close()
                    }
                } onInboundClosed: {
                    subscription.close()
                }
            } catch {
                await conversation.unsubscribe(subscription.id)
                throw error
            }
            await conversation.unsubscribe(subscription.id)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Writes the replay and then live events until the stream ends or `limit` events have gone out.
    private static func send(
        _ subscription: SimulatorSubscription,
        to writer: inout any ResponseBodyWriter,
        limit: Int?
    ) async throws {
        var sent = 0
        for event in subscription.replay {
            try await writer.write(ByteBuffer(string: try event.frame()))
            sent += 1
            if let limit, sent >= limit { return }
        }
        for await event in subscription.events {
            try await writer.write(ByteBuffer(string: try event.frame()))
            sent += 1
            if let limit, sent >= limit { return }
        }
    }
}
