/// Validation the real API server does on writes that tests rely on.
extension ObjectStore {
    /// The StatefulSet spec fields an update may change (PROTOCOLS.md 3.6).
    static let mutableStatefulSetFields: Set<String> = [
        "replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
    ]

    /// Throws 409 `Conflict` when the write names a `metadata.resourceVersion` other than the stored one.
    static func checkResourceVersion(of write: JSONValue, live: JSONValue, key: Key) throws(KubernetesAPIError) {
        guard let expected = write[path: ["metadata", "resourceVersion"]]?.stringValue,
            expected != live[path: ["metadata", "resourceVersion"]]?.stringValue
        else { return }
        throw KubernetesAPIError(
            code: 409,
            reason: "Conflict",
            message:
                "Operation cannot be fulfilled on \(key.resource.qualifiedName) \"\(key.name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            name: key.name,
            group: key.resource.group,
            kind: key.resource.plural
        )
    }

    /// Throws 422 `Invalid` when a StatefulSet update changes an immutable spec field.
    func checkImmutableFields(_ key: Key, old: JSONValue, new: JSONValue) throws(KubernetesAPIError) {
        guard key.resource == .statefulSets else { return }
        let oldSpec = (old["spec"]?.objectValue ?? [:]).filter { !Self.mutableStatefulSetFields.contains($0.key) }
        let newSpec = (new["spec"]?.objectValue ?? [:]).filter { !Self.mutableStatefulSetFields.contains($0.key) }
        guard oldSpec != newSpec else { return }
        let message =
            "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
            + "'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' "
            + "and 'minReadySeconds' are forbidden"
        throw .invalid(
            key.resource,
            name: key.name,
            causes: [.init(reason: "FieldValueForbidden", message: message, field: "spec")]
        )
    }
}
