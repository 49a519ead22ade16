import AsyncHTTPClient
import ClaudeManager
import KubernetesDouble
import NIOCore
import TestSupport
import Testing

@Suite("Kubernetes client: watch")
struct KubernetesClientWatchTests {
    let namespace = ClientHarness.namespace

    @Test("without a version, current objects replay as added; changes and deletes follow")
    func replayThenChanges() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await harness.double.create(ClientFixtures.configMap("a"), in: .configMaps, namespace: namespace)
            let stream = try await client.watch(
                .configMaps,
                namespace: namespace,
                allowBookmarks: false,
                as: JSONValue.self
            )
            var events = stream.makeAsyncIterator()
            let added = try await events.next()
            #expect(added?.object?.name == "a")
            guard case .added = added else {
                Issue.record("expected added, got \(String(describing: added))")
                return
            }
            try await client.mergePatch(.configMaps, namespace: namespace, name: "a", ["data": ["k": "v"]] as JSONValue)
            let modified = try await events.next()
            guard case .modified(let object) = modified else {
                Issue.record("expected modified, got \(String(describing: modified))")
                return
            }
            #expect(object[path: ["data", "k"]] == "v")
            try await client.delete(.configMaps, namespace: namespace, name: "a")
            let deleted = try await events.next()
            guard case .deleted(let gone) = deleted else {
                Issue.record("expected deleted, got \(String(describing: deleted))")
                return
            }
            #expect(gone.name == "a")
            #expect(client.stats.requests[.watch] == 1)
        }
    }

    @Test("a label selector limits the watch")
    func selector() async throws {
        try await ClientHarness.run { harness in
            let stream = try await harness.client.watch(
                .configMaps,
                namespace: namespace,
                labelSelector: "app.kubernetes.io/name=agent",
                allowBookmarks: false,
                as: JSONValue.self
            )
            try await harness.double.create(ClientFixtures.configMap("other"), in: .configMaps, namespace: namespace)
            try await harness.double.create(
                ClientFixtures.configMap("mine", labels: ["app.kubernetes.io/name": "agent"]),
                in: .configMaps,
                namespace: namespace
            )
            var events = stream.makeAsyncIterator()
            #expect(try await events.next()?.object?.name == "mine")
        }
    }

    @Test("bookmarks carry the current resourceVersion")
    func bookmarks() async throws {
        var configuration = KubernetesDouble.Configuration.testing
        configuration.bookmarkInterval = .milliseconds(50)
        try await ClientHarness.run(configuration) { harness in
            let stream = try await harness.client.watch(.configMaps, namespace: namespace, as: JSONValue.self)
            var events = stream.makeAsyncIterator()
            let event = try await events.next()
            let version = await harness.double.resourceVersion
            #expect(event == .bookmark(resourceVersion: String(version)))
        }
    }

    @Test("resuming from a list's version sends only later changes")
    func resume() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await harness.double.create(ClientFixtures.configMap("a"), in: .configMaps, namespace: namespace)
            let list = try await client.list(.configMaps, namespace: namespace, as: JSONValue.self)
            try await harness.double.create(ClientFixtures.configMap("b"), in: .configMaps, namespace: namespace)
            let stream = try await client.watch(
                .configMaps,
                namespace: namespace,
                resourceVersion: list.resourceVersion,
                as: JSONValue.self
            )
            for try await event in stream {
                if case .bookmark = event { continue }
                guard case .added(let object) = event else {
                    Issue.record("expected added, got \(event)")
                    return
                }
                #expect(object.name == "b")
                return
            }
            Issue.record("the watch ended early")
        }
    }

    @Test("an expired resume throws gone and ends the stream")
    func expired() async throws {
        try await ClientHarness.run { harness in
            let version = await harness.double.resourceVersion
            await harness.double.expireNextWatchResumes()
            let stream = try await harness.client.watch(
                .configMaps,
                namespace: namespace,
                resourceVersion: String(version),
                as: JSONValue.self
            )
            var events = stream.makeAsyncIterator()
            let error = await #expect(throws: KubernetesError.self) { try await events.next() }
            guard case .gone(let message) = error else {
                Issue.record("expected gone, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("too old resource version"))
            #expect(try await events.next() == nil)
            #expect(await harness.double.faultTally.expiredWatchResumes == 1)
        }
    }

    @Test("the stream ends cleanly when the server ends the watch")
    func serverEnds() async throws {
        try await ClientHarness.run { harness in
            let stream = try await harness.client.watch(
                .configMaps,
                namespace: namespace,
                allowBookmarks: false,
                as: JSONValue.self
            )
            try await harness.waitUntil("watch open") { await harness.double.openWatchCount == 1 }
            await harness.double.dropWatches()
            var count = 0
            for try await _ in stream { count += 1 }
            #expect(count == 0)
            #expect(await harness.double.faultTally.droppedWatches == 1)
        }
    }

    @Test("cancelling the iterating task closes the watch")
    func cancellation() async throws {
        try await ClientHarness.run { harness in
            let stream = try await harness.client.watch(
                .configMaps,
                namespace: namespace,
                allowBookmarks: false,
                as: JSONValue.self
            )
            let task = Task {
                for try await _ in stream {}
            }
            try await harness.waitUntil("watch open") { await harness.double.openWatchCount == 1 }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            try await harness.waitUntil("watch closed") { await harness.double.openWatchCount == 0 }
        }
    }

    @Test("events split across chunks and blank lines decode; a trailing event without a newline counts")
    func chunkedLines() async throws {
        let text =
            #"{"type":"ADDED","object":{"metadata":{"name":"a"}}}"# + "\n\n"
            + #"{"type":"MODIFIED","object":{"metadata":{"name":"b"}}}"# + "\r\n"
            + #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"#
        let bytes = Array(text.utf8)
        let chunks = stride(from: 0, to: bytes.count, by: 5).map {
            ByteBuffer(bytes: bytes[$0..<min($0 + 5, bytes.count)])
        }
        let (body, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        for chunk in chunks { continuation.yield(chunk) }
        continuation.finish()
        let stream = KubernetesWatchStream<KubernetesObjectMetadataOnly>(
            body: .stream(body),
            resource: .configMaps
        )
        var events: [KubernetesWatchEvent<KubernetesObjectMetadataOnly>] = []
        for try await event in stream { events.append(event) }
        #expect(
            events == [
                .added(KubernetesObjectMetadataOnly(name: "a")),
                .modified(KubernetesObjectMetadataOnly(name: "b")),
                .bookmark(resourceVersion: "7"),
            ]
        )
    }

    @Test("a malformed line throws a decoding error")
    func malformed() async throws {
        let stream = KubernetesWatchStream<JSONValue>(
            body: .bytes(ByteBuffer(string: "{\"type\":\"ADDED\"\n")),
            resource: .pods
        )
        var events = stream.makeAsyncIterator()
        let error = await #expect(throws: KubernetesError.self) { try await events.next() }
        guard case .decoding(let message) = error else {
            Issue.record("expected a decoding error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("pods watch event"))
    }
}

/// A tiny object type for watch decoding tests.
struct KubernetesObjectMetadataOnly: Decodable, Sendable, Equatable {
    struct Metadata: Decodable, Sendable, Equatable {
        var name: String
    }

    var metadata: Metadata

    init(name: String) {
        metadata = Metadata(name: name)
    }
}
