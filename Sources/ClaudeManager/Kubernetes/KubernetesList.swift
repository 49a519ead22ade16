/// All objects of a list call, pages joined, with the version to watch from.
package struct KubernetesList<Item: Sendable>: Sendable {
    package var items: [Item]
    /// The list's `metadata.resourceVersion` (of its last page); watch from it to see later changes.
    package var resourceVersion: String

    package init(items: [Item], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

extension KubernetesList: Equatable where Item: Equatable {}

/// One page of a list answer.
struct KubernetesListPage<Item: Decodable>: Decodable {
    struct Metadata: Decodable {
        var resourceVersion: String?
        var `continue`: String?
    }

    var metadata: Metadata?
    var items: [Item]?
}
