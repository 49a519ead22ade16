/// Validation the real API server does on writes that tests rely on.
extension ObjectStore {
    /// The StatefulSet spec fields an update may change (PROTOCOLS.md 3.6).
    static let mutableStatefulSetFields: Set<String> = [
        "replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
    ]

    /// Throws 422 `Invalid` when a StatefulSet update changes an immutable spec field.
    func checkImmutableFields(_ key: Key, old: JSONValue, new: JSONValue) throws(KubernetesAPIError) {
        guard key.resource == .statefulSets else { return }
        let oldSpec = (old["spec"]?.objectValue ?? [:]).filter { !Self.mutableStatefulSetFields.contains($0.key) }
        let newSpec = (new["spec"]?.objectValue ?? [:]).filter { !Self.mutableStatefulSetFields.contains($0.key) }
        guard oldSpec != newSpec else { return }
        let message = "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
            + "'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' "
            + "and 'minReadySeconds' are forbidden"
        throw .invalid(key.resource, name: key.name, causes: [.init(reason: "FieldValueForbidden", message: message, field: "spec")])
    }
}
