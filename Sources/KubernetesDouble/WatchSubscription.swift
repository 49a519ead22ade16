/// An open watch: what it selects and where its lines go.
struct WatchSubscription: Sendable {
    var resource: KubernetesResource
    var namespace: String
    var labelSelector: LabelSelector
    var fieldSelector: FieldSelector?
    var allowsBookmarks: Bool
    /// When `timeoutSeconds` ends the stream.
    var deadline: ContinuousClock.Instant?
    var continuation: AsyncStream<String>.Continuation

    /// Whether `object` is in this watch's view.
    func selects(_ object: JSONValue) -> Bool {
        labelSelector.matches(object.labels) && (fieldSelector?.matches(object) ?? true)
    }

    /// The watch line for a change, or `nil` when the change is outside the view; selector moves become ADDED/DELETED.
    func line(for change: StoredChange) -> String? {
        guard change.resource == resource, change.namespace == namespace else { return nil }
        let isSelectedNow = selects(change.object)
        let wasSelected = change.previous.map(selects) ?? false
        let type: String
        switch change.kind {
        case .added:
            guard isSelectedNow else { return nil }
            type = "ADDED"
        case .modified:
            switch (wasSelected, isSelectedNow) {
            case (true, true): type = "MODIFIED"
            case (false, true): type = "ADDED"
            case (true, false): type = "DELETED"
            case (false, false): return nil
            }
        case .deleted:
            guard wasSelected || isSelectedNow else { return nil }
            type = "DELETED"
        }
        return Self.line(type: type, object: change.object)
    }

    /// `{"type":…,"object":…}` plus a newline.
    static func line(type: String, object: JSONValue) -> String {
        (["type": .string(type), "object": object] as JSONValue).encodedString + "\n"
    }
}
