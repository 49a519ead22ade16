import Foundation
import KubernetesDouble
import NIOHTTP1
import TestSupport
import Testing

@Suite("Control API under /_double/")
struct ControlTests {
    @Test("requests are tallied by verb and path, watch opens apart; reset starts from zero; control is not counted")
    func requestTally() async throws {
        try await KubernetesDoubleHarness.run { harness in
            #expect(try await harness.get(configMapsPath).status == 200)
            #expect(try await harness.get(configMapsPath).status == 200)
            var watch = try await harness.watch(configMapsPath + "?watch=1&allowWatchBookmarks=true")
            #expect(watch.status == 200)
            _ = try await harness.apply(Fixtures.configMap("a"), at: configMapsPath + "/a")
            _ = try await watch.nextChange()

            let tally = try await harness.get("/_double/requests").json()
            #expect(tally["total"] == 4)
            #expect(tally["watchOpens"] == 1)
            #expect(tally["totalExcludingWatchOpens"] == 3)
            #expect(tally["openWatches"] == 1)
            let rows = tally["requests"]?.arrayValue ?? []
            #expect(rows.first == ["verb": "list", "path": .string(configMapsPath), "count": 2])
            #expect(rows.contains(["verb": "watch", "path": .string(configMapsPath), "count": 1]))
            #expect(rows.contains(["verb": "patch", "path": .string(configMapsPath + "/a"), "count": 1]))

            let withoutWatches = try await harness.get("/_double/requests?excludeWatches=true").json()
            #expect(withoutWatches["requests"]?.arrayValue?.contains { $0["verb"] == "watch" } == false)
            #expect(withoutWatches["total"] == 4)

            #expect(try await harness.send(.POST, "/_double/requests/reset").status == 204)
            #expect(harness.double.requestTotal == 0)
            // The open watch keeps streaming without being counted again.
            _ = try await harness.apply(Fixtures.configMap("b"), at: configMapsPath + "/b")
            #expect(try await watch.nextChange()["type"] == "ADDED")
            let after = try await harness.get("/_double/requests").json()
            #expect(after["total"] == 1)
            #expect(after["requests"] == [["verb": "patch", "path": .string(configMapsPath + "/b"), "count": 1]])
            #expect(try await harness.get("/_double/status").json()["openWatches"] == 1)
        }
    }

    @Test("ready-times gives each pod's wall-clock time of turning Ready, and forgets deleted pods")
    func readyTimes() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let before = Date().timeIntervalSince1970 * 1000
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: statefulSetsPath + "/p")
            try await harness.eventually("p-0 Ready") {
                let pod = try await harness.get(podsPath + "/p-0")
                guard pod.status == 200 else { return false }
                let conditions = try pod.json()[path: ["status", "conditions"]]?.arrayValue ?? []
                return conditions.contains { $0["type"] == "Ready" && $0["status"] == "True" }
            }
            let after = Date().timeIntervalSince1970 * 1000
            let times = try await harness.get("/_double/ready-times?namespace=\(namespace)").json()
            let readyAt = try #require(times["p-0"]?.numberValue)
            #expect(readyAt >= before + 100)  // the .testing pod ready delay
            #expect(readyAt <= after)
            #expect(try await harness.get("/_double/ready-times?namespace=other").json() == [:])
            #expect(await harness.double.podReadyTimes()["p-0"] == readyAt)

            await harness.double.setPodState(.running(isReady: false), namespace: namespace, pod: "p-0")
            #expect(try await harness.get("/_double/ready-times").json() == [:])
            await harness.double.setPodState(.automatic, namespace: namespace, pod: "p-0")
            try await harness.eventually("p-0 Ready again") {
                try await harness.get("/_double/ready-times").json()["p-0"] != nil
            }
            #expect(try await harness.send(.DELETE, statefulSetsPath + "/p").status == 200)
            #expect(try await harness.get("/_double/ready-times").json() == [:])
        }
    }

    @Test("the faults served are tallied: injected errors by code, dropped watches, expired resumes")
    func faultTally() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let none = try await harness.get("/_double/faults").json()
            #expect(
                none == [
                    "injectedErrors": [:], "injectedErrorTotal": 0, "droppedWatches": 0, "expiredWatchResumes": 0,
                    "expiredContinueTokens": 0,
                ]
            )
            var faults = FaultInjector.Faults()
            faults.serverErrorEvery = 1
            faults.serverErrorCode = 503
            harness.double.setFaults(faults)
            #expect(try await harness.get(configMapsPath).status == 503)
            #expect(try await harness.get(podsPath).status == 503)
            harness.double.setFaults(FaultInjector.Faults())
            _ = try await harness.watch(configMapsPath + "?watch=1")
            try await harness.eventually("watch open") { await harness.double.openWatchCount == 1 }
            await harness.double.dropWatches()
            let version = await harness.double.resourceVersion
            await harness.double.expireNextWatchResumes()
            var expired = try await harness.watch(configMapsPath + "?watch=1&resourceVersion=\(version)")
            #expect(try await expired.next()?[path: ["object", "code"]] == 410)

            let tally = try await harness.get("/_double/faults").json()
            #expect(tally["injectedErrors"] == ["503": 2])
            #expect(tally["injectedErrorTotal"] == 2)
            #expect(tally["droppedWatches"] == 1)
            #expect(tally["expiredWatchResumes"] == 1)
            // The request tally resets; the fault tally does not.
            #expect(try await harness.send(.POST, "/_double/requests/reset").status == 204)
            #expect(try await harness.get("/_double/faults").json()["injectedErrorTotal"] == 2)
            #expect(try await harness.send(.POST, "/_double/faults").status == 405)
        }
    }

    @Test("unknown control paths answer 404, wrong methods 405")
    func unknownPathsAndMethods() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let unknown = try await harness.get("/_double/nothing")
            let deleteTally = try await harness.send(.DELETE, "/_double/requests")
            let getReset = try await harness.get("/_double/requests/reset")
            #expect(unknown.status == 404)
            #expect(deleteTally.status == 405)
            #expect(getReset.status == 405)
            #expect(harness.double.requestTotal == 0)
        }
    }
}

extension JSONValue {
    fileprivate var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
