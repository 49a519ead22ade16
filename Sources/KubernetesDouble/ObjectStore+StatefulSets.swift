import Foundation

/// The simulated StatefulSet controller: pods and PVCs per ordinal, rolling updates and status.
extension ObjectStore {
    /// Runs the controller and the kubelet once; writes only what changes.
    func tick(now: ContinuousClock.Instant = .now) {
        controllerPasses += 1
        for key in entries.keys where key.resource == .statefulSets {
            reconcileStatefulSet(key, now: now)
        }
        tickPods(now: now)
        for key in entries.keys where key.resource == .statefulSets {
            updateStatefulSetStatus(key)
        }
        tickWatches(now: now)
    }

    /// The revision name of a template: `<sts>-<10-character hash>`.
    static func revision(of statefulSet: JSONValue) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (statefulSet[path: ["spec", "template"]] ?? .null).encoded() {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var suffix = ""
        for _ in 0..<10 {
            suffix.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return "\(statefulSet.name)-\(suffix)"
    }

    /// The pods a StatefulSet owns, by ordinal (from the owner index, not a scan).
    func ownedPods(of statefulSet: String, namespace: String) -> [Int: JSONValue] {
        var owned: [Int: JSONValue] = [:]
        for name in podsByOwner[Key(resource: .statefulSets, namespace: namespace, name: statefulSet)] ?? [] {
            guard let entry = entries[Key(resource: .pods, namespace: namespace, name: name)],
                let ordinal = Int(name.dropFirst(statefulSet.count + 1))
            else { continue }
            owned[ordinal] = entry.object
        }
        return owned
    }

    /// The StatefulSet named in a pod's owner references.
    static func owningStatefulSet(of pod: JSONValue, namespace: String) -> Key? {
        let owners = pod[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        guard let name = owners.first(where: { $0["kind"] == "StatefulSet" })?["name"]?.stringValue else { return nil }
        return Key(resource: .statefulSets, namespace: namespace, name: name)
    }

    /// ``revision(of:)``, computed once per generation of the StatefulSet.
    func cachedRevision(_ key: Key, _ statefulSet: JSONValue) -> String {
        let generation = statefulSet[path: ["metadata", "generation"]]?.intValue ?? 0
        if let cached = revisions[key], cached.generation == generation { return cached.revision }
        let revision = Self.revision(of: statefulSet)
        revisions[key] = (generation, revision)
        return revision
    }

    /// Removes a deleted StatefulSet's pods, and its PVCs when `whenDeleted` is `Delete`.
    func deleteDependents(ofStatefulSet statefulSet: JSONValue, namespace: String) {
        for name in ownedPods(of: statefulSet.name, namespace: namespace).values.map(\.name) {
            remove(Key(resource: .pods, namespace: namespace, name: name))
        }
        let policy = statefulSet[path: ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"]]
        guard policy?.stringValue == "Delete" else { return }
        deleteClaims(of: statefulSet, namespace: namespace, fromOrdinal: 0)
    }

    private func deleteClaims(of statefulSet: JSONValue, namespace: String, fromOrdinal first: Int) {
        for template in Self.claimTemplateNames(of: statefulSet) {
            let prefix = "\(template)-\(statefulSet.name)-"
            for key in entries.keys where key.resource == .persistentVolumeClaims && key.namespace == namespace {
                guard key.name.hasPrefix(prefix), let ordinal = Int(key.name.dropFirst(prefix.count)), ordinal >= first
                else { continue }
                remove(key)
            }
        }
    }

    private static func claimTemplateNames(of statefulSet: JSONValue) -> [String] {
        (statefulSet[path: ["spec", "volumeClaimTemplates"]]?.arrayValue ?? []).map(\.name)
    }

    private func reconcileStatefulSet(_ key: Key, now: ContinuousClock.Instant) {
        guard let statefulSet = entries[key]?.object else { return }
        let replicas = statefulSet[path: ["spec", "replicas"]]?.intValue ?? 1
        let isParallel = statefulSet[path: ["spec", "podManagementPolicy"]]?.stringValue == "Parallel"
        let revision = cachedRevision(key, statefulSet)
        var pods = ownedPods(of: key.name, namespace: key.namespace)
        for (ordinal, pod) in pods where ordinal >= replicas {
            remove(Key(resource: .pods, namespace: key.namespace, name: pod.name))
            pods[ordinal] = nil
        }
        if statefulSet[path: ["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"]]?.stringValue == "Delete" {
            deleteClaims(of: statefulSet, namespace: key.namespace, fromOrdinal: replicas)
        }
        for ordinal in 0..<max(replicas, 0) {
            if let pod = pods[ordinal] {
                if !isParallel && !Self.isReady(pod) { return }
                continue
            }
            createPod(ordinal, of: statefulSet, revision: revision, namespace: key.namespace, now: now)
            if !isParallel { return }
        }
        guard statefulSet[path: ["spec", "updateStrategy", "type"]]?.stringValue != "OnDelete",
            pods.count == replicas, pods.values.allSatisfy(Self.isReady)
        else { return }
        let outdated = pods.filter { $0.value.labels["controller-revision-hash"] != revision }.keys.max()
        if let outdated, let pod = pods[outdated] {
            remove(Key(resource: .pods, namespace: key.namespace, name: pod.name))
        }
    }

    private func createPod(
        _ ordinal: Int,
        of statefulSet: JSONValue,
        revision: String,
        namespace: String,
        now: ContinuousClock.Instant
    ) {
        let name = "\(statefulSet.name)-\(ordinal)"
        let template = statefulSet[path: ["spec", "template"]] ?? [:]
        var labels = template[path: ["metadata", "labels"]]?.objectValue ?? [:]
        labels["controller-revision-hash"] = .string(revision)
        labels["statefulset.kubernetes.io/pod-name"] = .string(name)
        labels["apps.kubernetes.io/pod-index"] = .string(String(ordinal))
        var metadata = template["metadata"] ?? [:]
        metadata["name"] = .string(name)
        metadata["labels"] = .object(labels)
        metadata["ownerReferences"] = [
            [
                "apiVersion": "apps/v1", "kind": "StatefulSet", "name": .string(statefulSet.name),
                "uid": statefulSet[path: ["metadata", "uid"]] ?? "", "controller": true, "blockOwnerDeletion": true,
            ]
        ]
        var spec = template["spec"] ?? [:]
        spec["hostname"] = .string(name)
        if let service = statefulSet[path: ["spec", "serviceName"]] { spec["subdomain"] = service }
        var volumes = spec["volumes"]?.arrayValue ?? []
        for claim in Self.claimTemplateNames(of: statefulSet) {
            let claimName = "\(claim)-\(statefulSet.name)-\(ordinal)"
            createClaim(claimName, template: claim, of: statefulSet, namespace: namespace)
            volumes.append(["name": .string(claim), "persistentVolumeClaim": ["claimName": .string(claimName)]])
        }
        if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
        let key = Key(resource: .pods, namespace: namespace, name: name)
        pods.readyAt[key] = now + configuration.podReadyDelay
        var pod: JSONValue = ["metadata": metadata, "spec": spec]
        pod["status"] = pods.state(of: key, now: now).status(containers: Self.containers(of: pod), startedAt: "")
        let created = insert(pod, at: key, managedFields: [])
        recordEvent(
            namespace: namespace,
            involved: statefulSet,
            reason: "SuccessfulCreate",
            message: "create Pod \(created.name) in StatefulSet \(statefulSet.name) successful"
        )
    }

    private func createClaim(_ name: String, template: String, of statefulSet: JSONValue, namespace: String) {
        let key = Key(resource: .persistentVolumeClaims, namespace: namespace, name: name)
        guard entries[key] == nil else { return }
        let templates = statefulSet[path: ["spec", "volumeClaimTemplates"]]?.arrayValue ?? []
        guard let claimTemplate = templates.first(where: { $0.name == template }) else { return }
        let selector = statefulSet[path: ["spec", "selector", "matchLabels"]] ?? [:]
        let requests = claimTemplate[path: ["spec", "resources", "requests"]] ?? [:]
        let claim: JSONValue = [
            "metadata": ["name": .string(name), "labels": selector],
            "spec": claimTemplate["spec"] ?? [:],
            "status": [
                "phase": "Bound", "capacity": requests,
                "accessModes": claimTemplate[path: ["spec", "accessModes"]] ?? [],
            ],
        ]
        insert(claim, at: key, managedFields: [])
    }

    private func updateStatefulSetStatus(_ key: Key) {
        guard let entry = entries[key] else { return }
        let statefulSet = entry.object
        let replicas = statefulSet[path: ["spec", "replicas"]]?.intValue ?? 1
        let revision = cachedRevision(key, statefulSet)
        let pods = ownedPods(of: key.name, namespace: key.namespace).values
        let ready = pods.filter(Self.isReady).count
        let updated = pods.filter { $0.labels["controller-revision-hash"] == revision }.count
        let isRolledOut = updated == pods.count && pods.count == replicas
        let current =
            isRolledOut
            ? revision : statefulSet[path: ["status", "currentRevision"]]?.stringValue ?? revision
        var status: JSONValue = [
            "observedGeneration": statefulSet[path: ["metadata", "generation"]] ?? 1,
            "currentRevision": .string(current), "updateRevision": .string(revision), "collisionCount": 0,
        ]
        let counts = [
            ("replicas", pods.count), ("readyReplicas", ready), ("availableReplicas", ready),
            ("updatedReplicas", updated), ("currentReplicas", isRolledOut ? updated : pods.count - updated),
        ]
        for (field, count) in counts where count > 0 {
            status[field] = .number(Double(count))
        }
        guard statefulSet["status"] != status else { return }
        var object = statefulSet
        object["status"] = status
        update(key, object: object, managedFields: entry.managedFields)
    }

    static func isReady(_ pod: JSONValue) -> Bool {
        let conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
        return conditions.contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }
}
