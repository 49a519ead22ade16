/// A request as tallied: the RBAC verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`) and the path.
package struct KubernetesRequest: Sendable, Hashable, CustomStringConvertible {
    package var verb: String
    package var path: String

    package init(verb: String, path: String) {
        self.verb = verb
        self.path = path
    }

    package var description: String { "\(verb) \(path)" }
}
