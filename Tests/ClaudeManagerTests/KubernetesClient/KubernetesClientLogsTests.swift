import AsyncHTTPClient
import ClaudeManager
import Foundation
import KubernetesDouble
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@Suite("Kubernetes client: logs, events and raw requests")
struct KubernetesClientLogsTests {
    let namespace = ClientHarness.namespace

    @Test("logs answer the text, tailed; a waiting container is a bad request; a missing pod is not found")
    func logs() async throws {
        try await ClientHarness.run { harness in
            let client = harness.client
            try await harness.double.create(ClientFixtures.pod("p-0"), in: .pods, namespace: namespace)
            await harness.double.setPodState(.containerCreating, namespace: namespace, pod: "p-0")
            let waiting = await #expect(throws: KubernetesError.self) {
                try await client.logs(namespace: namespace, pod: "p-0", container: "agent")
            }
            guard case .badRequest(let message) = waiting else {
                Issue.record("expected a bad request, got \(String(describing: waiting))")
                return
            }
            #expect(message.hasSuffix("is waiting to start: ContainerCreating"))

            await harness.double.setLogs(["one", "two", "three"], namespace: namespace, pod: "p-0")
            await harness.double.setPodState(.running(isReady: true), namespace: namespace, pod: "p-0")
            #expect(try await client.logs(namespace: namespace, pod: "p-0", container: "agent") == "one\ntwo\nthree\n")
            #expect(try await client.logs(namespace: namespace, pod: "p-0", tailLines: 1) == "three\n")
            let missing = await #expect(throws: KubernetesError.self) {
                try await client.logs(namespace: namespace, pod: "nope")
            }
            #expect(missing?.code == 404)
        }
    }

    @Test("a followed log streams lines until the pod goes away")
    func follow() async throws {
        try await ClientHarness.run { harness in
            try await harness.double.create(ClientFixtures.pod("p-0"), in: .pods, namespace: namespace)
            await harness.double.setPodState(.running(isReady: true), namespace: namespace, pod: "p-0")
            await harness.double.setLogs(["one"], namespace: namespace, pod: "p-0")
            let stream = try await harness.client.followLogs(namespace: namespace, pod: "p-0", container: "agent")
            var lines = stream.makeAsyncIterator()
            #expect(try await lines.next() == "one")
            await harness.double.appendLogs(["two", "three"], namespace: namespace, pod: "p-0")
            #expect(try await lines.next() == "two")
            #expect(try await lines.next() == "three")
            try await harness.client.delete(.pods, namespace: namespace, name: "p-0")
            #expect(try await lines.next() == nil)
        }
    }

    @Test("events list by field selector, only about the named object")
    func events() async throws {
        try await ClientHarness.run { harness in
            let pod = try await harness.double.create(ClientFixtures.pod("p-0"), in: .pods, namespace: namespace)
            let other = try await harness.double.create(ClientFixtures.pod("q-0"), in: .pods, namespace: namespace)
            await harness.double.recordEvent(
                about: pod,
                namespace: namespace,
                type: "Warning",
                reason: "Failed",
                message: "boom"
            )
            await harness.double.recordEvent(about: other, namespace: namespace, reason: "Pulled", message: "ok")
            let events = try await harness.client.events(about: "p-0", kind: "Pod", namespace: namespace)
            #expect(events.map(\.reason) == ["Failed"])
            #expect(events.first?.message == "boom")
            #expect(events.first?.type == "Warning")
            #expect(events.first?.involvedObject.uid == pod[path: ["metadata", "uid"]]?.stringValue)
        }
    }

    @Test("events sort by lastTimestamp, then series.lastObservedTime, then eventTime")
    func eventOrder() throws {
        let json = """
            [
              {"metadata":{"name":"c"},"involvedObject":{"name":"p"},"eventTime":"2025-01-01T10:00:03.000001Z"},
              {"metadata":{"name":"a"},"involvedObject":{"name":"p"},"lastTimestamp":"2025-01-01T10:00:01Z"},
              {"metadata":{"name":"b"},"involvedObject":{"name":"p"},
               "series":{"count":2,"lastObservedTime":"2025-01-01T10:00:02.500000Z"}}
            ]
            """
        let events = try JSONDecoder().decode([KubernetesEvent].self, from: Data(json.utf8))
        let sorted = events.sorted { ($0.occurredAt ?? .distantPast) < ($1.occurredAt ?? .distantPast) }
        #expect(sorted.map(\.metadata.name) == ["a", "b", "c"])
        #expect(events.allSatisfy { $0.occurredAt != nil })
    }

    @Test("service proxy URLs go through the API server")
    func serviceProxyURL() async throws {
        try await ClientHarness.run { harness in
            let url = harness.client.serviceProxyURL(
                namespace: "ns",
                service: "project-pay-17-service",
                port: 3284,
                path: "/events"
            )
            #expect(
                url == harness.double.baseURL
                    + "/api/v1/namespaces/ns/services/project-pay-17-service:3284/proxy/events"
            )
        }
    }

    @Test("a raw request is sent with the token and answered as is, without retries")
    func send() async throws {
        try await ClientHarness.run(credentials: .token("secret")) { harness in
            var faults = FaultInjector.Faults()
            faults.requiredBearerToken = "secret"
            harness.double.setFaults(faults)
            let path = KubernetesResourceKind.configMaps.path(namespace: namespace)
            let response = try await harness.client.send(HTTPClientRequest(url: path), timeout: .seconds(5))
            #expect(response.status == .ok)
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(try JSONValue(data: Data(body.readableBytesView))["kind"] == "ConfigMapList")

            faults.serverErrorRate = 1
            harness.double.setFaults(faults)
            harness.double.resetRequestCounts()
            let failed = try await harness.client.send(HTTPClientRequest(url: path), timeout: .seconds(5))
            #expect(failed.status == .internalServerError)
            #expect(harness.double.requestTotal == 1)
            #expect(harness.client.stats.requests[.proxy] == 2)
        }
    }
}
