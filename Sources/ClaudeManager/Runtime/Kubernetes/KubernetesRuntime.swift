import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs each project as a StatefulSet (with its Secret, ConfigMap, Service and NetworkPolicy) in one namespace.
///
/// Writes use server-side apply as `claude-manager`; start and stop go through the `scale` subresource and
/// applies never carry `spec.replicas`, so a re-apply cannot undo a start or a stop. What the projects look like
/// comes from ONE watch of StatefulSets and ONE of Pods (label `app.kubernetes.io/managed-by=claude-manager`)
/// feeding an in-memory cache: reads never reach the API server, and a settled cluster costs no requests beyond
/// the open watches. Run it as a `Service` so the watches run.
package final class KubernetesRuntime: WorkloadRuntime, Service {
    package var kind: RuntimeKind { .kubernetes }
    let client: KubernetesClient
    let settings: KubernetesObjectSettings
    /// How the manager reaches a project's AgentAPI.
    let agentAccess: AgentAccess
    let logger: Logger
    let cache = Mutex(ClusterCache())
    private let changeStream: AsyncStream<ObservedChange>
    let changeContinuation: AsyncStream<ObservedChange>.Continuation

    /// Where AgentAPI answers: the Service's cluster DNS name (manager in the cluster) or the API server's
    /// service proxy (manager outside it).
    package enum AgentAccess: Sendable, Equatable {
        case clusterDNS
        case serviceProxy
    }

    package init(client: KubernetesClient, settings: KubernetesObjectSettings, agentAccess: AgentAccess, logger: Logger)
    {
        self.client = client
        self.settings = settings
        self.agentAccess = agentAccess
        self.logger = logger
        (changeStream, changeContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(10_000))
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.keepWatching(WatchedStatefulSet.self, .statefulSets, \.statefulSets) }
                group.addTask { await self.keepWatching(WatchedPod.self, .pods, \.pods) }
            }
        }
        changeContinuation.finish()
        try? await client.shutdown()  // nil: nothing is left to tell at shutdown
    }

    package func changes() -> AsyncStream<ObservedChange> { changeStream }

    // MARK: Writes

    package func apply(_ workload: Workload) async throws {
        let objects = try makeObjects(workload)
        let namespace = settings.namespace
        let supporting: [(KubernetesResourceKind, String, any ManifestObject)] = [
            (.secrets, objects.names.secret, objects.secret),
            (.configMaps, objects.names.configMap, objects.configMap),
            (.services, objects.names.service, objects.service),
            (.networkPolicies, objects.names.networkPolicy, objects.networkPolicy),
        ]
        for (resource, name, object) in supporting {
            try await kubernetes("apply the \(resource.kind)") {
                try await client.apply(resource, namespace: namespace, name: name, object, force: true)
            }
        }
        var objectsWithRevision = objects
        var annotations = objects.statefulSet.metadata?.annotations ?? StringMap()
        annotations[Self.revisionAnnotation] = Self.revision(of: workload.project)
        objectsWithRevision.statefulSet.metadata?.annotations = annotations
        try await applyStatefulSet(objectsWithRevision, desiredRunning: workload.project.desiredState == .running)
    }

    /// The StatefulSet annotation recording which version of the project (its `updatedAt`) it was applied from.
    static let revisionAnnotation = "claude-manager.io/project-revision"

    static func revision(of project: Project) -> String {
        String(Int64((project.updatedAt.timeIntervalSince1970 * 1000).rounded()))
    }

    package func isOutdated(_ project: Project) async -> Bool {
        let name = ProjectObjectNames(shortName: project.shortName).statefulSet
        return cache.withLock { cache in
            guard let statefulSet = cache.statefulSets[name] else { return false }
            return statefulSet.metadata?.annotations?[Self.revisionAnnotation] != Self.revision(of: project)
        }
    }

    /// Applies the StatefulSet without `spec.replicas`; the first apply creates it at the desired scale and writes
    /// that scale through `/scale` too, so the replica count is owned by the scale subresource from then on.
    /// `volumeClaimTemplates` cannot change (PROTOCOLS.md 3.6): an existing StatefulSet keeps its templates, and a
    /// larger workspace size is applied to the existing claim instead.
    private func applyStatefulSet(_ objects: ProjectObjects, desiredRunning: Bool) async throws {
        let namespace = settings.namespace
        let name = objects.names.statefulSet
        var statefulSet = objects.statefulSet
        let replicas = desiredRunning ? 1 : 0
        let existing = try await kubernetes("read the StatefulSet") {
            try await client.get(.statefulSets, namespace: namespace, name: name, as: StatefulSetObject.self)
        }
        if let existing {
            try await resizeClaims(existing: existing, desired: objects)
            statefulSet.spec?.volumeClaimTemplates = existing.spec?.volumeClaimTemplates
        } else {
            statefulSet.spec?.replicas = replicas
        }
        let applied = try await kubernetes("apply the StatefulSet") {
            try await client.apply(
                .statefulSets,
                namespace: namespace,
                name: name,
                statefulSet,
                force: true,
                as: StatefulSetObject.self
            )
        }
        remember(applied)
        if existing == nil { try await scale(name, to: replicas) }
    }

    /// Grows the existing claims whose template asks for more than the claim has (claims cannot shrink).
    private func resizeClaims(existing: StatefulSetObject, desired: ProjectObjects) async throws {
        let current = existing.spec?.volumeClaimTemplates ?? []
        for template in desired.statefulSet.spec?.volumeClaimTemplates ?? [] {
            guard let templateName = template.metadata?.name,
                let wanted = template.spec?.resources?.requests?.storage,
                let had = current.first(where: { $0.metadata?.name == templateName })?.spec?.resources?.requests?
                    .storage,
                let wantedValue = Quantity(wanted)?.value, let hadValue = Quantity(had)?.value, wantedValue != hadValue
            else { continue }
            let claim = "\(templateName)-\(desired.names.statefulSet)-0"
            guard wantedValue > hadValue else {
                throw WorkloadError.invalidObjects(
                    "the \(templateName) volume cannot shrink from \(had) to \(wanted); Kubernetes only grows volumes"
                )
            }
            let patch = ["spec": ["resources": ["requests": ["storage": wanted]]]]
            do {
                try await client.mergePatch(.persistentVolumeClaims, namespace: settings.namespace, name: claim, patch)
                logger.info("resized a volume claim", metadata: ["claim": "\(claim)", "size": "\(wanted)"])
            } catch KubernetesError.notFound {
                continue  // not provisioned yet: the next pod start creates it from the old template size
            } catch let error as KubernetesError {
                throw WorkloadError.kubernetes(action: "resize volume \(claim)", error)
            }
        }
    }

    package func setRunning(_ workload: Workload, _ isRunning: Bool) async throws -> ObservedState {
        let names = ProjectObjectNames(shortName: workload.project.shortName)
        try await scale(names.statefulSet, to: isRunning ? 1 : 0)
        let observed = state(shortName: workload.project.shortName)
        switch (isRunning, observed) {
        case (true, .stopped), (true, .stopping): return .starting
        case (false, .running), (false, .starting): return .stopping
        default: return observed
        }
    }

    private func scale(_ statefulSet: String, to replicas: Int) async throws {
        try await kubernetes("scale the StatefulSet") {
            try await client.mergePatch(
                .statefulSets,
                namespace: settings.namespace,
                name: statefulSet,
                subresource: "scale",
                ["spec": ["replicas": replicas]]
            )
        }
        cache.withLock { cache in
            if var known = cache.statefulSets[statefulSet] {
                known.spec?.replicas = replicas
                cache.statefulSets[statefulSet] = known
            }
        }
    }

    package func delete(_ project: Project, keepingVolumes: Bool) async throws {
        let names = ProjectObjectNames(shortName: project.shortName)
        let namespace = settings.namespace
        if !keepingVolumes {
            do {
                try await client.mergePatch(
                    .statefulSets,
                    namespace: namespace,
                    name: names.statefulSet,
                    ["spec": ["persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Delete"]]]
                )
            } catch KubernetesError.notFound {
                // already gone; its claims are removed below
            }
        }
        try await kubernetes("delete the project's objects") {
            try await client.delete(.statefulSets, namespace: namespace, name: names.statefulSet)
            try await client.delete(.services, namespace: namespace, name: names.service)
            try await client.delete(.networkPolicies, namespace: namespace, name: names.networkPolicy)
            try await client.delete(.configMaps, namespace: namespace, name: names.configMap)
            try await client.delete(.secrets, namespace: namespace, name: names.secret)
        }
        if !keepingVolumes {
            try await kubernetes("delete the project's volumes") {
                for claim in names.persistentVolumeClaims {
                    try await client.delete(.persistentVolumeClaims, namespace: namespace, name: claim)
                }
            }
        }
        cache.withLock { cache in
            cache.statefulSets[names.statefulSet] = nil
            cache.observed[project.id] = nil
        }
    }

    package func hasKeptWorkspace(shortName: String) async throws -> Bool {
        let names = ProjectObjectNames(shortName: shortName)
        return try await kubernetes("look for a kept workspace volume") {
            for claim in names.persistentVolumeClaims {
                let found = try await client.get(
                    .persistentVolumeClaims,
                    namespace: settings.namespace,
                    name: claim,
                    as: KubernetesMetadataEnvelope.self
                )
                if found != nil { return true }
            }
            return false
        }
    }

    // MARK: Reads

    package func state(of project: Project) async -> ObservedState {
        state(shortName: project.shortName)
    }

    func state(shortName: String) -> ObservedState {
        let names = ProjectObjectNames(shortName: shortName)
        return cache.withLock { cache in
            guard cache.isSynced else { return .unknown(reason: cache.problem ?? "waiting for the Kubernetes API") }
            return WorkloadObservation.state(
                statefulSet: cache.statefulSets[names.statefulSet],
                pod: cache.pods[names.pod],
                agentURL: agentURL(names)
            )
        }
    }

    /// Where the project's AgentAPI answers.
    func agentURL(_ names: ProjectObjectNames) -> String {
        let port = ProjectObjects.agentAPIPort.number
        switch agentAccess {
        case .clusterDNS:
            return "http://\(names.service).\(settings.namespace).svc:\(port)"
        case .serviceProxy:
            return client.serviceProxyURL(namespace: settings.namespace, service: names.service, port: port, path: "")
        }
    }

    package func logs(of project: Project, lines: Int) async throws -> [String] {
        let names = ProjectObjectNames(shortName: project.shortName)
        do {
            let text = try await client.logs(
                namespace: settings.namespace,
                pod: names.pod,
                container: ProjectObjects.containerName,
                tailLines: lines
            )
            var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if result.last?.isEmpty == true { result.removeLast() }
            return result
        } catch KubernetesError.notFound {
            return []
        } catch KubernetesError.badRequest(let message) {
            return ["(no log yet: \(message))"]
        } catch let error as KubernetesError {
            throw WorkloadError.kubernetes(action: "read the log", error)
        }
    }

    package func events(of project: Project) async throws -> [WorkloadEvent] {
        let names = ProjectObjectNames(shortName: project.shortName)
        var events: [KubernetesEvent] = []
        try await kubernetes("list the project's events") {
            for name in [names.statefulSet, names.pod] + names.persistentVolumeClaims {
                events += try await client.events(
                    namespace: settings.namespace,
                    fieldSelector: "involvedObject.name=\(name)"
                )
            }
        }
        return events.sorted { ($0.occurredAt ?? .distantPast) < ($1.occurredAt ?? .distantPast) }.map { event in
            WorkloadEvent(
                type: event.type ?? "Normal",
                reason: event.reason ?? "",
                message: event.message ?? "",
                object: "\(event.involvedObject.kind ?? "Object")/\(event.involvedObject.name ?? "")",
                count: event.count ?? event.series?.count ?? 1,
                firstSeen: event.firstTimestamp.flatMap { try? Date.ISO8601FormatStyle().parse($0) },
                lastSeen: event.occurredAt
            )
        }
    }

    package func health() async -> ComponentHealth {
        cache.withLock { cache in
            if let problem = cache.problem { return ComponentHealth(.degraded, "Kubernetes API: \(problem)") }
            guard cache.isSynced else { return ComponentHealth(.degraded, "Kubernetes: waiting for the first sync") }
            return ComponentHealth(
                .ok,
                "Kubernetes namespace \(settings.namespace): \(cache.statefulSets.count) project workload(s)"
            )
        }
    }

    package func agentAvailability() -> AgentAvailability {
        AgentAvailability(command: settings.image, missingBinaries: [], isSimulatorAvailable: false, isSimulator: false)
    }

    // MARK: Helpers

    func makeObjects(_ workload: Workload) throws -> ProjectObjects {
        do {
            return try ProjectObjects(workload: workload, settings: settings)
        } catch {
            throw WorkloadError.invalidObjects("cannot build the Kubernetes objects: \(error)")
        }
    }

    /// Runs `body`, turning API errors into a ``WorkloadError`` that names what was being done.
    @discardableResult
    func kubernetes<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KubernetesError {
            throw WorkloadError.kubernetes(action: action, error)
        }
    }
}
