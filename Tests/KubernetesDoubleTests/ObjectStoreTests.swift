import Foundation
import KubernetesDouble
import NIOHTTP1
import TestSupport
import Testing

@Suite("Objects: get, list, delete")
struct ObjectStoreTests {
    @Test("create sets server metadata; get, delete and the 404 Status")
    func createGetDelete() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let created = try await harness.send(.POST, configMapsPath, body: Fixtures.configMap("settings"))
            #expect(created.status == 201)
            let object = try created.json()
            #expect(object[path: ["metadata", "uid"]]?.stringValue?.isEmpty == false)
            #expect(object[path: ["metadata", "creationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)
            #expect(object[path: ["metadata", "generation"]] == 1)
            #expect(object[path: ["metadata", "namespace"]] == "claude")
            let version = try #require(object[path: ["metadata", "resourceVersion"]]?.stringValue.flatMap { Int($0) })

            let fetched = try await harness.get(configMapsPath + "/settings")
            #expect(fetched.status == 200)
            #expect(try fetched.json() == object)

            let deleted = try await harness.send(.DELETE, configMapsPath + "/settings?propagationPolicy=Background")
            #expect(deleted.status == 200)
            #expect(try deleted.json()["status"] == "Success")
            #expect(await harness.double.resourceVersion > version)

            let missing = try await harness.get(configMapsPath + "/settings")
            #expect(missing.status == 404)
            let status = try missing.json()
            #expect(status["kind"] == "Status")
            #expect(status["reason"] == "NotFound")
            #expect(status["code"] == 404)
            #expect(status["message"] == "configmaps \"settings\" not found")
            #expect(status[path: ["details", "kind"]] == "configmaps")
            #expect(status[path: ["details", "name"]] == "settings")

            let deletedAgain = try await harness.send(.DELETE, configMapsPath + "/settings")
            #expect(deletedAgain.status == 404)
        }
    }

    @Test("a missing StatefulSet names its group")
    func statefulSetNotFound() async throws {
        try await KubernetesDoubleHarness.run { harness in
            let status = try await harness.get(statefulSetsPath + "/p-x").json()
            #expect(status["message"] == "statefulsets.apps \"p-x\" not found")
            #expect(status["details"] == ["name": "p-x", "group": "apps", "kind": "statefulsets"])
        }
    }

    @Test("creating a taken name answers 409 AlreadyExists")
    func alreadyExists() async throws {
        try await KubernetesDoubleHarness.run { harness in
            _ = try await harness.send(.POST, configMapsPath, body: Fixtures.configMap("a"))
            let again = try await harness.send(.POST, configMapsPath, body: Fixtures.configMap("a"))
            #expect(again.status == 409)
            #expect(try again.json()["reason"] == "AlreadyExists")
        }
    }

    @Test(
        "unserved paths answer 404",
        arguments: [
            "/api/v1/namespaces/claude/widgets", "/apis/apps/v2/namespaces/claude/statefulsets", "/healthz",
            "/api/v1/namespaces/claude/pods/p/exec",
        ]
    )
    func unservedPath(_ path: String) async throws {
        try await KubernetesDoubleHarness.run { harness in
            let response = try await harness.get(path)
            #expect(response.status == 404)
            #expect(try response.json()["kind"] == "Status")
        }
    }

    @Test(
        "label selectors on list",
        arguments: [
            ("tier=web", ["a"]),
            ("tier==web", ["a"]),
            ("tier!=web", ["b", "c"]),
            ("tier in (web,db)", ["a", "b"]),
            ("tier notin (web)", ["b", "c"]),
            ("tier", ["a", "b"]),
            ("!tier", ["c"]),
            ("tier,app=x", ["a"]),
            ("", ["a", "b", "c"]),
        ]
    )
    func labelSelector(_ selector: String, _ expected: [String]) async throws {
        try await KubernetesDoubleHarness.run { harness in
            try await harness.double.create(
                Fixtures.configMap("a", labels: ["tier": "web", "app": "x"]),
                in: .configMaps,
                namespace: namespace
            )
            try await harness.double.create(
                Fixtures.configMap("b", labels: ["tier": "db"]),
                in: .configMaps,
                namespace: namespace
            )
            try await harness.double.create(Fixtures.configMap("c"), in: .configMaps, namespace: namespace)
            let encoded = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector
            let list = try await harness.get(configMapsPath + "?labelSelector=\(encoded)").json()
            #expect(list["kind"] == "ConfigMapList")
            #expect(list[path: ["metadata", "resourceVersion"]]?.stringValue != nil)
            #expect((list["items"]?.arrayValue ?? []).map(\.name) == expected)
        }
    }

    @Test("limit and continue page through a list")
    func pagination() async throws {
        try await KubernetesDoubleHarness.run { harness in
            for name in ["a", "b", "c", "d", "e"] {
                try await harness.double.create(Fixtures.configMap(name), in: .configMaps, namespace: namespace)
            }
            var names: [String] = []
            var pages = 0
            var path = configMapsPath + "?limit=2"
            while true {
                let list = try await harness.get(path).json()
                pages += 1
                names += (list["items"]?.arrayValue ?? []).map(\.name)
                guard let token = list[path: ["metadata", "continue"]]?.stringValue, !token.isEmpty else { break }
                path =
                    configMapsPath
                    + "?limit=2&continue=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)"
            }
            #expect(names == ["a", "b", "c", "d", "e"])
            #expect(pages == 3)
        }
    }

    @Test("a continue token from before a compaction answers 410 Expired")
    func expiredContinue() async throws {
        try await KubernetesDoubleHarness.run { harness in
            for name in ["a", "b", "c"] {
                try await harness.double.create(Fixtures.configMap(name), in: .configMaps, namespace: namespace)
            }
            let page = try await harness.get(configMapsPath + "?limit=1").json()
            let token = try #require(page[path: ["metadata", "continue"]]?.stringValue)
            #expect(page[path: ["metadata", "remainingItemCount"]] == 2)
            try await harness.double.create(Fixtures.configMap("d"), in: .configMaps, namespace: namespace)
            await harness.double.compactHistory()
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let expired = try await harness.get(configMapsPath + "?limit=1&continue=\(encoded)")
            #expect(expired.status == 410)
            #expect(try expired.json()["reason"] == "Expired")
            #expect(await harness.double.faultTally.expiredContinueTokens == 1)
        }
    }

    @Test("every served resource applies, gets, lists and deletes at its path", arguments: KubernetesResource.all)
    func everyResource(_ resource: KubernetesResource) async throws {
        try await KubernetesDoubleHarness.run { harness in
            let path = resource.path(namespace: namespace)
            let object: JSONValue = [
                "apiVersion": .string(resource.apiVersion), "kind": .string(resource.kind), "metadata": ["name": "x"],
            ]
            let created = try await harness.apply(object, at: path + "/x")
            #expect(created.status == 201)
            #expect(try created.json()["kind"] == .string(resource.kind))
            let fetched = try await harness.get(path + "/x")
            #expect(fetched.status == 200)
            let list = try await harness.get(path + "?fieldSelector=metadata.name%3Dx").json()
            #expect(list["kind"] == .string(resource.kind + "List"))
            #expect(list["items"]?.arrayValue?.count == 1)
            let deleted = try await harness.send(.DELETE, path + "/x")
            #expect(deleted.status == 200)
        }
    }

    @Test("other namespaces are separate")
    func namespaces() async throws {
        try await KubernetesDoubleHarness.run { harness in
            try await harness.double.create(Fixtures.configMap("a"), in: .configMaps, namespace: "other")
            let list = try await harness.get(configMapsPath).json()
            #expect(list["items"] == [])
            #expect(try await harness.get("/api/v1/namespaces/other/configmaps/a").status == 200)
        }
    }
}
