/// A parsed request path: `/api/v1/namespaces/NS/PLURAL[/NAME[/SUBRESOURCE]]` or the `/apis/GROUP/VERSION/…` form.
struct APIRoute: Sendable, Hashable {
    var resource: KubernetesResource
    var namespace: String
    var name: String?
    var subresource: String?

    /// Parses `path`; 404 for anything the double does not serve.
    init(path: String) throws(KubernetesAPIError) {
        let segments = path.split(separator: "/").map(String.init)
        let group: String
        let rest: ArraySlice<String>
        if segments.count >= 2, segments[0] == "api" {
            group = ""
            rest = segments[1...]
        } else if segments.count >= 3, segments[0] == "apis" {
            group = segments[1]
            rest = segments[2...]
        } else {
            throw .pathNotFound()
        }
        let parts = Array(rest)
        guard parts.count >= 4, parts.count <= 6, parts[1] == "namespaces",
            let resource = KubernetesResource.named(parts[3], group: group, version: parts[0])
        else { throw .pathNotFound() }
        self.resource = resource
        self.namespace = parts[2]
        self.name = parts.count >= 5 ? parts[4] : nil
        self.subresource = parts.count == 6 ? parts[5] : nil
        let isKnownSubresource =
            subresource == nil || (resource == .statefulSets && subresource == "scale")
            || (resource == .pods && subresource == "log")
        guard isKnownSubresource else { throw .pathNotFound() }
    }

    /// The store key of the named object.
    var key: ObjectStore.Key? {
        name.map { ObjectStore.Key(resource: resource, namespace: namespace, name: $0) }
    }
}
