import Foundation
import Logging
import Synchronization

/// What the two watches have seen: the managed StatefulSets and Pods by name, plus what was last reported.
struct ClusterCache: Sendable {
    var statefulSets: [String: WatchedStatefulSet] = [:]
    var pods: [String: WatchedPod] = [:]
    var syncedKinds: Set<String> = []
    /// The last API failure, while it lasts.
    var problem: String?
    /// The state last reported per project id, so only real changes are reported.
    var observed: [String: ObservedState] = [:]

    var isSynced: Bool { syncedKinds.count == 2 }
}

extension KubernetesRuntime {
    /// Lists, then watches `resource` forever: resumes from the last version when a stream ends, relists on 410
    /// Gone, and backs off (with jitter) while the API server fails.
    func keepWatching<Object: WatchedObject>(
        _ type: Object.Type,
        _ resource: KubernetesResourceKind,
        _ objects: WritableKeyPath<ClusterCache, [String: Object]>
    ) async {
        var resourceVersion: String?
        var failures = 0
        while !Task.isCancelled {
            do {
                if resourceVersion == nil {
                    resourceVersion = try await relist(type, resource, objects)
                }
                let stream = try await client.watch(
                    resource,
                    namespace: settings.namespace,
                    labelSelector: ProjectObjects.managedBySelector,
                    resourceVersion: resourceVersion,
                    allowBookmarks: true,
                    timeoutSeconds: Int.random(in: 1800...3600),
                    as: Object.self
                )
                var sawEvent = false
                for try await event in stream {
                    sawEvent = true
                    failures = 0
                    switch event {
                    case .added(let object), .modified(let object):
                        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion
                        update(object, in: objects, isDeleted: false)
                    case .deleted(let object):
                        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion
                        update(object, in: objects, isDeleted: true)
                    case .bookmark(let version):
                        resourceVersion = version
                    }
                }
                if !sawEvent { try await Task.sleep(for: .milliseconds(Int.random(in: 100...500))) }
            } catch KubernetesError.gone {
                logger.info("watch expired; relisting", metadata: ["kubernetes.resource": "\(resource.plural)"])
                resourceVersion = nil
            } catch is CancellationError {
                return
            } catch {
                guard !Task.isCancelled else { return }
                failures += 1
                let message = (error as? KubernetesError)?.message ?? "\(error)"
                cache.withLock { $0.problem = message }
                let delay = Self.backoff(failures)
                logger.warning(
                    "Kubernetes watch failed; retrying",
                    metadata: [
                        "kubernetes.resource": "\(resource.plural)", "error": "\(message)",
                        "retry.ms": "\(delay.milliseconds)",
                    ]
                )
                try? await Task.sleep(for: delay)  // nil: cancelled, the loop ends
            }
        }
    }

    /// Lists `resource` into the cache; returns the version to watch from.
    private func relist<Object: WatchedObject>(
        _ type: Object.Type,
        _ resource: KubernetesResourceKind,
        _ objects: WritableKeyPath<ClusterCache, [String: Object]>
    ) async throws -> String {
        let started = ContinuousClock.now
        let list = try await client.list(
            resource,
            namespace: settings.namespace,
            labelSelector: ProjectObjects.managedBySelector,
            as: Object.self
        )
        replaceAll(list.items, in: objects, kind: resource.plural)
        logger.info(
            "listed the managed Kubernetes objects",
            metadata: [
                "kubernetes.resource": "\(resource.plural)", "count": "\(list.items.count)",
                "duration.ms": "\((ContinuousClock.now - started).milliseconds)",
            ]
        )
        return list.resourceVersion
    }

    /// Full jitter over an exponential backoff from 200 ms to 5 s (the API server is the only way to see anything).
    static func backoff(_ failures: Int) -> Duration {
        let ceiling = min(5_000, 200 * (1 << min(failures, 8)))
        return .milliseconds(Int.random(in: ceiling / 2...ceiling))
    }

    /// A fresh list: replaces what was known of the kind, reports every difference, and once both kinds are in
    /// asks for everything to be reconciled (the API may have been away).
    private func replaceAll<Object: WatchedObject>(
        _ items: [Object],
        in objects: WritableKeyPath<ClusterCache, [String: Object]>,
        kind: String
    ) {
        let changes = cache.withLock { cache -> [ObservedChange] in
            var fresh: [String: Object] = [:]
            for item in items { if let name = item.metadata?.name { fresh[name] = item } }
            cache[keyPath: objects] = fresh
            cache.syncedKinds.insert(kind)
            cache.problem = nil
            guard cache.isSynced else { return [] }
            return reportableChanges(in: &cache) + [.resynchronized]
        }
        for change in changes { changeContinuation.yield(change) }
    }

    private func update<Object: WatchedObject>(
        _ object: Object,
        in objects: WritableKeyPath<ClusterCache, [String: Object]>,
        isDeleted: Bool
    ) {
        guard let name = object.metadata?.name else { return }
        let changes = cache.withLock { cache -> [ObservedChange] in
            cache[keyPath: objects][name] = isDeleted ? nil : object
            cache.problem = nil
            guard cache.isSynced else { return [] }
            let labels = object.metadata?.labels
            guard let id = labels?[ProjectObjects.projectIDLabel], let shortName = labels?[ProjectObjects.instanceLabel]
            else { return reportableChanges(in: &cache) }
            var changes = reportableChange(in: &cache, projectID: id, shortName: shortName)
            // A leftover pod of an earlier project with the same short name also counts for the current one.
            let statefulSet = cache.statefulSets[ProjectObjectNames(shortName: shortName).statefulSet]
            if let owner = statefulSet?.metadata?.labels?[ProjectObjects.projectIDLabel], owner != id {
                changes += reportableChange(in: &cache, projectID: owner, shortName: shortName)
            }
            return changes
        }
        for change in changes { changeContinuation.yield(change) }
    }

    /// Records `object` as returned by a write, so reads see it before its watch event arrives.
    func remember(_ statefulSet: StatefulSetObject) {
        guard let name = statefulSet.metadata?.name else { return }
        cache.withLock { cache in
            if cache.statefulSets[name] == nil { cache.statefulSets[name] = WatchedStatefulSet(statefulSet) }
        }
    }

    /// The projects whose observed state differs from what was last reported.
    private func reportableChanges(in cache: inout ClusterCache) -> [ObservedChange] {
        var projects: [String: String] = [:]  // project id → short name
        for statefulSet in cache.statefulSets.values {
            guard let labels = statefulSet.metadata?.labels, let id = labels[ProjectObjects.projectIDLabel],
                let shortName = labels[ProjectObjects.instanceLabel]
            else { continue }
            projects[id] = shortName
        }
        var changes: [ObservedChange] = []
        for (id, shortName) in projects {
            changes += reportableChange(in: &cache, projectID: id, shortName: shortName)
        }
        for id in cache.observed.keys where projects[id] == nil {
            cache.observed[id] = nil
            changes.append(ObservedChange(projectID: id, state: .absent))
        }
        return changes
    }

    /// The change of one project (labelled with `projectID` and `shortName`), if its observed state differs from
    /// what was last reported: an event costs the same with 1 or 1,000 projects.
    private func reportableChange(
        in cache: inout ClusterCache,
        projectID: String,
        shortName: String
    ) -> [ObservedChange] {
        let names = ProjectObjectNames(shortName: shortName)
        let statefulSet = cache.statefulSets[names.statefulSet].flatMap {
            $0.metadata?.labels?[ProjectObjects.projectIDLabel] == projectID ? $0 : nil
        }
        let state =
            statefulSet == nil
            ? ObservedState.absent
            : WorkloadObservation.state(statefulSet: statefulSet, pod: cache.pods[names.pod], agentURL: agentURL(names))
        if state == .absent {
            guard cache.observed.removeValue(forKey: projectID) != nil else { return [] }
        } else {
            guard cache.observed[projectID] != state else { return [] }
            cache.observed[projectID] = state
        }
        return [ObservedChange(projectID: projectID, state: state)]
    }
}
