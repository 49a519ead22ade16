/// One write, kept in the watch history: the object after it, and before it for selector transitions.
struct StoredChange: Sendable {
    /// What happened to the object.
    enum Kind: Sendable {
        case added
        case modified
        case deleted
    }

    var kind: Kind
    var resource: KubernetesResource
    var namespace: String
    var object: JSONValue
    var previous: JSONValue?
    var resourceVersion: Int
}
