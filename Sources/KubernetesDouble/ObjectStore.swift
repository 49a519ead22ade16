import Foundation

/// The API server's storage: every object, the global resourceVersion, the watch history and the open watches.
///
/// The simulated StatefulSet controller and pod lifecycle also live here (see the `ObjectStore+…` files) so that
/// each write and the events it causes happen in one step.
actor ObjectStore {
    /// Where an object lives.
    struct Key: Hashable, Sendable {
        var resource: KubernetesResource
        var namespace: String
        var name: String
    }

    /// An object and its field owners.
    struct Entry: Sendable {
        var object: JSONValue
        var managedFields: [ManagedFieldsEntry]
    }

    let configuration: KubernetesDouble.Configuration
    var entries: [Key: Entry] = [:]
    /// The last resourceVersion handed out.
    private(set) var resourceVersion = 1000
    var history: [StoredChange] = []
    /// Resuming from a version older than this answers 410.
    var oldestResumableVersion = 1000
    var subscriptions: [Int: WatchSubscription] = [:]
    var nextSubscriptionID = 0
    var expiredResumesPending = 0
    /// The watch and list faults served so far (the injected error answers are the ``FaultInjector``'s).
    var tally = FaultTally()
    var lastBookmark = ContinuousClock.now
    /// How many times the simulated controller and kubelet ran.
    var controllerPasses = 0
    var pods = PodSimulation()
    /// Pod names by the StatefulSet that owns them, so the controller never scans every object.
    var podsByOwner: [Key: Set<String>] = [:]
    /// Template revisions by StatefulSet and generation (hashing a template costs an encode).
    var revisions: [Key: (generation: Int, revision: String)] = [:]

    init(configuration: KubernetesDouble.Configuration) {
        self.configuration = configuration
    }

    /// One object, or 404.
    func get(_ key: Key) throws(KubernetesAPIError) -> JSONValue {
        guard let entry = entries[key] else { throw .notFound(key.resource, name: key.name) }
        return entry.object
    }

    /// The objects of a kind in a namespace that match the selectors, sorted by name.
    func objects(
        _ resource: KubernetesResource,
        namespace: String,
        labelSelector: LabelSelector = .everything,
        fieldSelector: FieldSelector? = nil
    ) -> [JSONValue] {
        entries
            .filter { key, entry in
                key.resource == resource && key.namespace == namespace && labelSelector.matches(entry.object.labels)
                    && (fieldSelector?.matches(entry.object) ?? true)
            }
            .sorted { $0.key.name < $1.key.name }
            .map(\.value.object)
    }

    /// A `…List` page: at most `limit` items after the `continue` token's name.
    func list(
        _ resource: KubernetesResource,
        namespace: String,
        labelSelector: LabelSelector,
        fieldSelector: FieldSelector?,
        limit: Int?,
        continueToken: String?
    ) throws(KubernetesAPIError) -> JSONValue {
        var items = objects(resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
        if let continueToken, !continueToken.isEmpty {
            guard let token = ContinueToken(encoded: continueToken) else {
                throw .badRequest("continue key is not valid: \(continueToken)")
            }
            guard token.resourceVersion >= oldestResumableVersion else {
                tally.expiredContinueTokens += 1
                throw KubernetesAPIError(
                    code: 410,
                    reason: "Expired",
                    message: "The provided continue parameter is too old to display a consistent list result."
                )
            }
            items = items.filter { $0.name > token.lastName }
        }
        var metadata: JSONValue = ["resourceVersion": .string(String(resourceVersion))]
        if let limit, limit > 0, items.count > limit {
            let remaining = items.count - limit
            items = Array(items.prefix(limit))
            let token = ContinueToken(resourceVersion: resourceVersion, lastName: items.last?.name ?? "")
            metadata["continue"] = .string(token.encoded)
            metadata["remainingItemCount"] = .int(remaining)
        }
        return [
            "kind": .string(resource.kind + "List"), "apiVersion": .string(resource.apiVersion),
            "metadata": metadata, "items": .array(items),
        ]
    }

    /// Creates an object (`POST`); 409 when the name is taken.
    func create(
        _ resource: KubernetesResource,
        namespace: String,
        object: JSONValue
    ) throws(KubernetesAPIError)
        -> JSONValue
    {
        var object = object
        if object.name.isEmpty, let prefix = object[path: ["metadata", "generateName"]]?.stringValue {
            object = object.setting(.string(prefix + Self.randomSuffix()), at: ["metadata", "name"])
        }
        let key = Key(resource: resource, namespace: namespace, name: object.name)
        guard !key.name.isEmpty else { throw .badRequest("name or generateName is required") }
        guard entries[key] == nil else { throw .alreadyExists(resource, name: key.name) }
        return insert(object, at: key, managedFields: [])
    }

    /// Deletes an object and what it owns; 404 when absent.
    func delete(_ key: Key) throws(KubernetesAPIError) -> JSONValue {
        guard let entry = entries[key] else { throw .notFound(key.resource, name: key.name) }
        remove(key)
        if key.resource == .statefulSets {
            deleteDependents(ofStatefulSet: entry.object, namespace: key.namespace)
        }
        var details: JSONValue = [
            "name": .string(key.name), "kind": .string(key.resource.plural),
            "uid": entry.object[path: ["metadata", "uid"]] ?? .null,
        ]
        if !key.resource.group.isEmpty { details["group"] = .string(key.resource.group) }
        return ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": details]
    }

    /// Stores a new object with the server-set metadata and announces it.
    @discardableResult
    func insert(_ object: JSONValue, at key: Key, managedFields: [ManagedFieldsEntry]) -> JSONValue {
        var object = object
        object["apiVersion"] = .string(key.resource.apiVersion)
        object["kind"] = .string(key.resource.kind)
        object = object.setting(.string(key.namespace), at: ["metadata", "namespace"])
        object = object.setting(.string(UUID().uuidString.lowercased()), at: ["metadata", "uid"])
        object = object.setting(.string(Self.timestamp()), at: ["metadata", "creationTimestamp"])
        object = object.setting(.number(1), at: ["metadata", "generation"])
        return commit(Entry(object: object, managedFields: managedFields), at: key, kind: .added, previous: nil)
    }

    /// Replaces a stored object unless nothing but bookkeeping changed; bumps `generation` on a spec change.
    @discardableResult
    func update(_ key: Key, object: JSONValue, managedFields: [ManagedFieldsEntry]) -> JSONValue {
        guard let old = entries[key] else { return insert(object, at: key, managedFields: managedFields) }
        var object = object
        let isSameObject = Self.withoutBookkeeping(object) == Self.withoutBookkeeping(old.object)
        let isSameOwnership = Set(managedFields.map(\.ownershipKey)) == Set(old.managedFields.map(\.ownershipKey))
        if isSameObject && isSameOwnership { return old.object }
        if object["spec"] != old.object["spec"] {
            let generation = old.object[path: ["metadata", "generation"]]?.intValue ?? 1
            object = object.setting(.number(Double(generation + 1)), at: ["metadata", "generation"])
        }
        return commit(
            Entry(object: object, managedFields: managedFields),
            at: key,
            kind: .modified,
            previous: old.object
        )
    }

    /// Removes an object and announces it.
    func remove(_ key: Key) {
        guard let old = entries.removeValue(forKey: key) else { return }
        if key.resource == .pods, let owner = Self.owningStatefulSet(of: old.object, namespace: key.namespace) {
            podsByOwner[owner]?.remove(key.name)
            if podsByOwner[owner]?.isEmpty == true { podsByOwner[owner] = nil }
        }
        if key.resource == .statefulSets { revisions[key] = nil }
        resourceVersion += 1
        let object = old.object.setting(.string(String(resourceVersion)), at: ["metadata", "resourceVersion"])
        record(
            StoredChange(
                kind: .deleted,
                resource: key.resource,
                namespace: key.namespace,
                object: object,
                previous: old.object,
                resourceVersion: resourceVersion
            )
        )
        pods.forget(key)
    }

    private func commit(_ entry: Entry, at key: Key, kind: StoredChange.Kind, previous: JSONValue?) -> JSONValue {
        resourceVersion += 1
        var entry = entry
        entry.managedFields.removeAll { $0.fields.isEmpty }
        var object = entry.object.setting(.string(String(resourceVersion)), at: ["metadata", "resourceVersion"])
        object =
            entry.managedFields.isEmpty
            ? object.removing(at: ["metadata", "managedFields"])
            : object.setting(.array(entry.managedFields.map(\.json)), at: ["metadata", "managedFields"])
        entry.object = object
        entries[key] = entry
        if key.resource == .pods, let owner = Self.owningStatefulSet(of: object, namespace: key.namespace) {
            podsByOwner[owner, default: []].insert(key.name)
        }
        record(
            StoredChange(
                kind: kind,
                resource: key.resource,
                namespace: key.namespace,
                object: object,
                previous: previous,
                resourceVersion: resourceVersion
            )
        )
        return object
    }

    /// The object without server bookkeeping, to tell a no-op write.
    private static func withoutBookkeeping(_ object: JSONValue) -> JSONValue {
        object.removing(at: ["metadata", "managedFields"]).removing(at: ["metadata", "resourceVersion"])
            .removing(at: ["metadata", "generation"])
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601)
    }

    static func randomSuffix() -> String {
        String((0..<5).map { _ in "bcdfghjklmnpqrstvwxz2456789".randomElement() ?? "x" })
    }
}

extension ManagedFieldsEntry {
    /// What identifies an ownership state, ignoring the time.
    var ownershipKey: [String] {
        [manager, operation.rawValue, subresource ?? ""] + fields.map(\.fieldPathDescription).sorted()
    }
}
