import KubernetesDouble
import NIOHTTP1
import TestSupport
import Testing

@Suite("Fault injection and request counts")
struct FaultTests {
    @Test("every Nth request answers 500 InternalError")
    func everyNth() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.serverErrorEvery = 2
            harness.double.setFaults(faults)
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await harness.get(configMapsPath).status)
            }
            #expect(statuses == [200, 500, 200, 500])
            let tally = await harness.double.faultTally
            #expect(tally.injectedErrors == [500: 2])
            #expect(tally.injectedErrorsByRequest == [KubernetesRequest(verb: "list", path: configMapsPath): 2])
            #expect(try await harness.get(configMapsPath).status == 200)
            let failed = try await harness.get(configMapsPath)
            #expect(try failed.json()["reason"] == "InternalError")
            harness.double.setFaults(FaultInjector.Faults())
            #expect(try await harness.get(configMapsPath).status == 200)
        }
    }

    @Test("a failure rate of 1 fails every request")
    func rate() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.serverErrorRate = 1
            harness.double.setFaults(faults)
            let response = try await harness.get(configMapsPath)
            #expect(response.status == 500)
        }
    }

    @Test("injected 429 carries Retry-After; 503 is ServiceUnavailable", arguments: [429, 503])
    func errorCodes(_ code: Int) async throws {
        try await KubernetesDoubleHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.serverErrorRate = 1
            faults.serverErrorCode = code
            harness.double.setFaults(faults)
            let response = try await harness.get(configMapsPath)
            #expect(response.status == code)
            let status = try response.json()
            if code == 429 {
                #expect(response.headers.first(name: "Retry-After") == "1")
                #expect(status["reason"] == "TooManyRequests")
                #expect(status[path: ["details", "retryAfterSeconds"]] == 1)
            } else {
                #expect(status["reason"] == "ServiceUnavailable")
            }
        }
    }

    @Test("a required bearer token answers 401 without it; rotating it rejects the old one")
    func bearerToken() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.requiredBearerToken = "one"
            harness.double.setFaults(faults)
            let anonymous = try await harness.get(configMapsPath)
            #expect(anonymous.status == 401)
            #expect(try anonymous.json()["reason"] == "Unauthorized")
            let authorized = try await harness.send(.GET, configMapsPath, headers: ["Authorization": "Bearer one"])
            #expect(authorized.status == 200)
            faults.requiredBearerToken = "two"
            harness.double.setFaults(faults)
            let stale = try await harness.send(.GET, configMapsPath, headers: ["Authorization": "Bearer one"])
            #expect(stale.status == 401)
        }
    }

    @Test("latency delays answers")
    func latency() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var faults = FaultInjector.Faults()
            faults.latency = .milliseconds(200)
            harness.double.setFaults(faults)
            let started = ContinuousClock.now
            _ = try await harness.get(configMapsPath)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test("dropping watches ends open streams")
    func dropWatches() async throws {
        try await KubernetesDoubleHarness.run { harness in
            var watch = try await harness.watch(configMapsPath + "?watch=1")
            try await harness.eventually("watch open") { await harness.double.openWatchCount == 1 }
            await harness.double.dropWatches()
            let end = try await watch.next()
            #expect(end == nil)
            #expect(await harness.double.openWatchCount == 0)
            #expect(await harness.double.faultTally.droppedWatches == 1)
            await harness.double.dropWatches()
            #expect(await harness.double.faultTally.droppedWatches == 1, "no watch was open the second time")
        }
    }

    @Test("the next resume answers ERROR 410 once")
    func expireNextResume() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let version = await harness.double.resourceVersion
            await harness.double.expireNextWatchResumes()
            var expired = try await harness.watch(configMapsPath + "?watch=1&resourceVersion=\(version)")
            let error = try await expired.next()
            #expect(error?[path: ["object", "code"]] == 410)
            #expect(await harness.double.faultTally.expiredWatchResumes == 1)
            let end = try await expired.next()
            #expect(end == nil)
            var resumed = try await harness.watch(configMapsPath + "?watch=1&resourceVersion=\(version)")
            try await harness.double.create(Fixtures.configMap("a"), in: .configMaps, namespace: namespace)
            let added = try await resumed.nextChange()
            #expect(added["type"] == "ADDED")
            #expect(await harness.double.faultTally.expiredWatchResumes == 1)
        }
    }

    @Test("requests are counted by verb and path; a settled cluster causes none")
    func counts() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: statefulSetsPath + "/p")
            try await harness.eventually("ready") {
                try await harness.get(statefulSetsPath + "/p").json()[path: ["status", "readyReplicas"]] == 1
            }
            harness.double.resetRequestCounts()
            let passes = await harness.double.controllerPasses
            try await harness.eventually("ten controller passes") {
                await harness.double.controllerPasses >= passes + 10
            }
            #expect(harness.double.requestTotal == 0)
            _ = try await harness.get(statefulSetsPath + "/p")
            _ = try await harness.get(podsPath + "?labelSelector=a")
            #expect(
                harness.double.requestCounts == [
                    KubernetesRequest(verb: "get", path: statefulSetsPath + "/p"): 1,
                    KubernetesRequest(verb: "list", path: podsPath): 1,
                ]
            )
        }
    }

    @Test("a settled cluster writes nothing: no watch events in steady state")
    func steadyState() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.apply(Fixtures.statefulSet("p", replicas: 1), at: statefulSetsPath + "/p")
            try await harness.eventually("ready") {
                try await harness.get(statefulSetsPath + "/p").json()[path: ["status", "readyReplicas"]] == 1
            }
            let version = await harness.double.resourceVersion
            let passes = await harness.double.controllerPasses
            try await harness.eventually("ten controller passes") {
                await harness.double.controllerPasses >= passes + 10
            }
            #expect(await harness.double.resourceVersion == version)
        }
    }
}
