/// Server-side apply, merge patches and the scale subresource, with field ownership.
extension ObjectStore {
    /// Paths apply never tracks.
    private static let untrackedPaths: Set<[String]> = [
        ["apiVersion"], ["kind"], ["metadata", "name"], ["metadata", "namespace"], ["metadata", "resourceVersion"],
    ]

    /// `PATCH` with `application/apply-patch+yaml`: creates (`true`) or merges, honouring other managers' fields.
    func apply(
        _ key: Key,
        body: JSONValue,
        manager: String,
        isForced: Bool
    ) throws(KubernetesAPIError) -> (object: JSONValue, isCreated: Bool) {
        let applied = try Self.validatedApplyBody(body, key: key)
        let fields = applied.leafPaths().subtracting(Self.untrackedPaths)
        let entry = ManagedFieldsEntry(
            manager: manager,
            operation: .apply,
            subresource: nil,
            apiVersion: key.resource.apiVersion,
            time: Self.timestamp(),
            fields: fields
        )
        guard let live = entries[key] else {
            return (insert(applied, at: key, managedFields: [entry]), true)
        }
        try Self.checkResourceVersion(of: body, live: live.object, key: key)
        var owners = live.managedFields
        var conflicts: [(owner: Int, field: [String], cause: KubernetesAPIError.Cause)] = []
        for (index, owner) in owners.enumerated() where !owner.isSameWriter(as: entry) {
            for path in fields.sorted(by: { $0.fieldPathDescription < $1.fieldPathDescription }) {
                for owned in owner.fields where owned.overlaps(path) {
                    let longer = owned.count > path.count ? owned : path
                    guard applied[path: longer] != live.object[path: longer],
                        !conflicts.contains(where: { $0.owner == index && $0.field == owned })
                    else { continue }
                    let cause = KubernetesAPIError.Cause(
                        reason: "FieldManagerConflict",
                        message: owner.conflictDescription,
                        field: owned.fieldPathDescription
                    )
                    conflicts.append((index, owned, cause))
                }
            }
        }
        if !conflicts.isEmpty && !isForced {
            throw Self.conflict(conflicts.map { $0.cause }, resource: key.resource, name: key.name)
        }
        for conflict in conflicts {
            owners[conflict.owner].fields.remove(conflict.field)
        }
        var object = live.object
        let previous = owners.firstIndex { $0.isSameWriter(as: entry) }
        if let previous {
            let ownedByOthers = owners.enumerated().filter { $0.offset != previous }.flatMap { $0.element.fields }
            for dropped in owners[previous].fields.subtracting(fields)
            where !ownedByOthers.contains(where: { $0.overlaps(dropped) }) {
                object = object.removing(at: dropped)
            }
            owners[previous] = entry
        } else {
            owners.append(entry)
        }
        object = object.applying(applied)
        try checkImmutableFields(key, old: live.object, new: object)
        return (update(key, object: object, managedFields: owners), false)
    }

    /// `PATCH` with a JSON merge patch by `manager`, who takes over every field it sets (`subresource` for /scale).
    func mergePatch(
        _ key: Key,
        patch: JSONValue,
        manager: String,
        subresource: String? = nil
    ) throws(KubernetesAPIError) -> JSONValue {
        guard let live = entries[key] else { throw .notFound(key.resource, name: key.name) }
        guard patch.objectValue != nil else { throw .badRequest("the patch must be a JSON object") }
        try Self.checkResourceVersion(of: patch, live: live.object, key: key)
        let object = live.object.mergePatched(with: patch)
        try checkImmutableFields(key, old: live.object, new: object)
        let touched = patch.leafPaths().subtracting(Self.untrackedPaths).filter { !$0.starts(with: ["status"]) }
        var owners = live.managedFields
        for index in owners.indices {
            owners[index].fields = owners[index].fields.filter { owned in !touched.contains { $0.overlaps(owned) } }
        }
        let setFields = touched.filter { object[path: $0] != nil }
        let writer = ManagedFieldsEntry(
            manager: manager,
            operation: .update,
            subresource: subresource,
            apiVersion: key.resource.apiVersion,
            time: Self.timestamp(),
            fields: setFields
        )
        if let index = owners.firstIndex(where: { $0.isSameWriter(as: writer) }) {
            owners[index].fields.formUnion(setFields)
            owners[index].time = writer.time
        } else {
            owners.append(writer)
        }
        return update(key, object: object, managedFields: owners)
    }

    /// The `autoscaling/v1` Scale of a StatefulSet.
    func scale(_ key: Key) throws(KubernetesAPIError) -> JSONValue {
        let statefulSet = try get(key)
        let matchLabels = statefulSet[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? [:]
        let selector = matchLabels.compactMapValues(\.stringValue).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var metadata: JSONValue = [:]
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata[field] = statefulSet[path: ["metadata", field]]
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
            "spec": ["replicas": .number(Double(statefulSet[path: ["spec", "replicas"]]?.intValue ?? 1))],
            "status": [
                "replicas": .number(Double(statefulSet[path: ["status", "replicas"]]?.intValue ?? 0)),
                "selector": .string(selector),
            ],
        ]
    }

    /// Writes `spec.replicas` through the scale subresource, owned by `manager` with subresource `scale`.
    func setScale(_ key: Key, replicas: Int, manager: String) throws(KubernetesAPIError) -> JSONValue {
        guard replicas >= 0 else {
            throw .invalid(
                key.resource,
                name: key.name,
                causes: [
                    .init(
                        reason: "FieldValueInvalid",
                        message: "Invalid value: \(replicas): must be greater than or equal to 0",
                        field: "spec.replicas"
                    )
                ]
            )
        }
        _ = try mergePatch(
            key,
            patch: ["spec": ["replicas": .number(Double(replicas))]],
            manager: manager,
            subresource: "scale"
        )
        return try scale(key)
    }

    private static func validatedApplyBody(_ body: JSONValue, key: Key) throws(KubernetesAPIError) -> JSONValue {
        guard body.objectValue != nil else { throw .badRequest("the apply body must be a JSON object") }
        let apiVersion = body["apiVersion"]?.stringValue ?? ""
        guard apiVersion == key.resource.apiVersion else {
            throw .badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version "
                    + "(\(key.resource.apiVersion))"
            )
        }
        guard body["kind"]?.stringValue == key.resource.kind else {
            throw .badRequest("the kind in the data does not match the expected kind (\(key.resource.kind))")
        }
        guard body.name == key.name else {
            throw .badRequest("the name of the object (\(body.name)) does not match the name on the URL (\(key.name))")
        }
        if let namespace = body[path: ["metadata", "namespace"]]?.stringValue, namespace != key.namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        var cleaned = body.removing(at: ["status"])
        for field in ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"] {
            cleaned = cleaned.removing(at: ["metadata", field])
        }
        return cleaned
    }

    private static func conflict(
        _ causes: [KubernetesAPIError.Cause],
        resource: KubernetesResource,
        name: String
    )
        -> KubernetesAPIError
    {
        let count = causes.count == 1 ? "1 conflict" : "\(causes.count) conflicts"
        let list = causes.map { "\($0.message): \($0.field)" }.joined(separator: "\n- ")
        let message =
            causes.count == 1 ? "Apply failed with \(count): \(list)" : "Apply failed with \(count): \n- \(list)"
        return KubernetesAPIError(
            code: 409,
            reason: "Conflict",
            message: message,
            name: name,
            group: resource.group,
            kind: resource.plural,
            causes: causes
        )
    }
}
