import KubernetesDouble
import NIOHTTP1
import TestSupport
import Testing

@Suite("Watch streams")
struct WatchTests {
    @Test("without a version, current objects replay as ADDED, then changes follow")
    func replayThenLive() async throws {
        try await KubernetesDoubleHarness.run { harness in
            try await harness.double.create(Fixtures.configMap("a"), in: .configMaps, namespace: namespace)
            var watch = try await harness.watch(configMapsPath + "?watch=1")
            #expect(watch.status == 200)
            let added = try await watch.nextChange()
            #expect(added["type"] == "ADDED")
            #expect(added["object"]?.name == "a")

            _ = try await harness.mergePatch(["data": ["k": "v"]], at: configMapsPath + "/a", manager: "test")
            let modified = try await watch.nextChange()
            #expect(modified["type"] == "MODIFIED")
            #expect(modified[path: ["object", "data", "k"]] == "v")

            _ = try await harness.send(.DELETE, configMapsPath + "/a")
            let deleted = try await watch.nextChange()
            #expect(deleted["type"] == "DELETED")
            #expect(deleted["object"]?.name == "a")
        }
    }

    @Test("resuming from a version sends only later changes")
    func resume() async throws {
        try await KubernetesDoubleHarness.run { harness in
            try await harness.double.create(Fixtures.configMap("a"), in: .configMaps, namespace: namespace)
            let list = try await harness.get(configMapsPath).json()
            let version = try #require(list[path: ["metadata", "resourceVersion"]]?.stringValue)
            try await harness.double.create(Fixtures.configMap("b"), in: .configMaps, namespace: namespace)
            var watch = try await harness.watch(
                configMapsPath + "?watch=1&resourceVersion=\(version)&allowWatchBookmarks=true"
            )
            let event = try await watch.nextChange()
            #expect(event["type"] == "ADDED")
            #expect(event["object"]?.name == "b")
        }
    }

    @Test("an object leaving the selector arrives as DELETED, entering as ADDED")
    func selectorTransitions() async throws {
        try await KubernetesDoubleHarness.run { harness in
            try await harness.double.create(
                Fixtures.configMap("a", labels: ["team": "x"]),
                in: .configMaps,
                namespace: namespace
            )
            var watch = try await harness.watch(configMapsPath + "?watch=1&labelSelector=team%3Dx")
            let first = try await watch.nextChange()
            #expect(first["type"] == "ADDED")
            _ = try await harness.mergePatch(
                ["metadata": ["labels": ["team": "y"]]],
                at: configMapsPath + "/a",
                manager: "t"
            )
            let left = try await watch.nextChange()
            #expect(left["type"] == "DELETED")
            _ = try await harness.mergePatch(
                ["metadata": ["labels": ["team": "x"]]],
                at: configMapsPath + "/a",
                manager: "t"
            )
            let entered = try await watch.nextChange()
            #expect(entered["type"] == "ADDED")
        }
    }

    @Test("resuming from before the history window answers an ERROR 410 Expired event")
    func tooOld() async throws {
        var configuration = KubernetesDouble.Configuration.testing
        configuration.watchHistoryLimit = 3
        try await KubernetesDoubleHarness.run(configuration) { harness in
            let start = await harness.double.resourceVersion
            for name in ["a", "b", "c", "d", "e"] {
                try await harness.double.create(Fixtures.configMap(name), in: .configMaps, namespace: namespace)
            }
            var watch = try await harness.watch(configMapsPath + "?watch=1&resourceVersion=\(start)")
            let event = try await watch.nextChange()
            #expect(event["type"] == "ERROR")
            #expect(event[path: ["object", "code"]] == 410)
            #expect(event[path: ["object", "reason"]] == "Expired")
            #expect(
                event[path: ["object", "message"]]?.stringValue?.hasPrefix("too old resource version: \(start) (")
                    == true
            )
            let end = try await watch.next()
            #expect(end == nil)
        }
    }

    @Test("shutting the double down ends open watches")
    func shutdown() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var watch = try await harness.watch(configMapsPath + "?watch=1")
            try await harness.eventually("watch open") { await harness.double.openWatchCount == 1 }
            await harness.double.shutdown()
            let end = try await watch.next()
            #expect(end == nil)
        }
    }

    @Test("timeoutSeconds ends the stream")
    func timeout() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var watch = try await harness.watch(configMapsPath + "?watch=1&timeoutSeconds=1")
            let end = try await watch.next()
            #expect(end == nil)
        }
    }

    @Test("allowWatchBookmarks sends BOOKMARK events with the current version")
    func bookmarks() async throws {
        var configuration = KubernetesDouble.Configuration.testing
        configuration.bookmarkInterval = .milliseconds(100)
        try await KubernetesDoubleHarness.run(configuration) { harness in
            var watch = try await harness.watch(configMapsPath + "?watch=1&allowWatchBookmarks=true")
            let next = try await watch.next()
            let event = try #require(next)
            let version = await harness.double.resourceVersion
            #expect(event["type"] == "BOOKMARK")
            #expect(event[path: ["object", "metadata", "resourceVersion"]] == .string(String(version)))
        }
    }
}
