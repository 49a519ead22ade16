import AsyncHTTPClient
import KubernetesDouble
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@Suite("Pod logs and events")
struct LogsAndEventsTests {
    @Test("logs answer 400 until the container runs, then the buffer, tailed")
    func logs() async throws {
        var configuration = KubernetesDouble.Configuration.testing
        configuration.podReadyDelay = .milliseconds(300)
        try await KubernetesDoubleHarness.run(configuration) { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: statefulSetsPath + "/p")
            try await harness.eventually("pod created") { try await harness.get(podsPath + "/p-0").status == 200 }
            await harness.double.setPodState(.containerCreating, namespace: namespace, pod: "p-0")
            let waiting = try await harness.get(podsPath + "/p-0/log?container=agent")
            #expect(waiting.status == 400)
            #expect(
                try waiting.json()["message"]?.stringValue?.hasSuffix("is waiting to start: ContainerCreating") == true
            )

            await harness.double.setLogs(["one", "two", "three"], namespace: namespace, pod: "p-0")
            await harness.double.setPodState(.running(isReady: true), namespace: namespace, pod: "p-0")
            try await harness.eventually("container running") {
                try await harness.get(podsPath + "/p-0/log").status == 200
            }
            let all = try await harness.get(podsPath + "/p-0/log?container=agent")
            #expect(all.body == "one\ntwo\nthree\n")
            #expect(all.headers.first(name: "Content-Type") == "text/plain")
            await harness.double.appendLogs(["four"], namespace: namespace, pod: "p-0", container: "agent")
            #expect(try await harness.get(podsPath + "/p-0/log?tailLines=2").body == "three\nfour\n")
            #expect(try await harness.get(podsPath + "/nope/log").status == 404)
        }
    }

    @Test("follow=true streams the log, then appended lines, until the pod goes away")
    func follow() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.double.create(
                ["metadata": ["name": "p-0"], "spec": ["containers": [["name": "agent", "image": "a"]]]],
                in: .pods,
                namespace: namespace
            )
            await harness.double.setPodState(.running(isReady: true), namespace: namespace, pod: "p-0")
            await harness.double.setLogs(["one"], namespace: namespace, pod: "p-0")
            let (status, body) = try await harness.stream(podsPath + "/p-0/log?follow=true&container=agent")
            #expect(status == 200)
            var chunks = body.makeAsyncIterator()
            var text = ""
            while !text.hasSuffix("one\n"), let chunk = try await chunks.next() {
                text += String(buffer: chunk)
            }
            await harness.double.appendLogs(["two"], namespace: namespace, pod: "p-0")
            while !text.hasSuffix("two\n"), let chunk = try await chunks.next() {
                text += String(buffer: chunk)
            }
            #expect(text == "one\ntwo\n")
            _ = try await harness.send(.DELETE, podsPath + "/p-0")
            let end = try await chunks.next()
            #expect(end == nil)
        }
    }

    @Test("events list by involvedObject.name")
    func events() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 0), at: statefulSetsPath + "/p")
            let pod = try await harness.double.create(
                ["metadata": ["name": "p-0"], "spec": ["containers": [["name": "agent", "image": "a"]]]],
                in: .pods,
                namespace: namespace
            )
            await harness.double.recordEvent(
                about: pod,
                namespace: namespace,
                type: "Warning",
                reason: "Failed",
                message: "boom"
            )
            let other = try await harness.double.create(["metadata": ["name": "q-0"]], in: .pods, namespace: namespace)
            await harness.double.recordEvent(about: other, namespace: namespace, reason: "Pulled", message: "ok")
            let list = try await harness.get(
                eventsPath + "?fieldSelector=involvedObject.kind%3DPod,involvedObject.name%3Dp-0"
            ).json()
            let items = list["items"]?.arrayValue ?? []
            #expect(items.count == 1)
            #expect(items.first?["reason"] == "Failed")
            #expect(items.first?[path: ["involvedObject", "uid"]] == pod[path: ["metadata", "uid"]])
        }
    }
}
