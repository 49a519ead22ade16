/// One `metadata.managedFields` entry: the field paths one manager set through one kind of operation.
package struct ManagedFieldsEntry: Sendable, Hashable {
    /// How the manager wrote: server-side apply, or any other write.
    package enum Operation: String, Sendable {
        case apply = "Apply"
        case update = "Update"
    }

    package var manager: String
    package var operation: Operation
    /// `scale` for writes through the scale subresource; `nil` for the object itself.
    package var subresource: String?
    package var apiVersion: String
    package var time: String
    /// Leaf paths owned, e.g. `["spec", "replicas"]`.
    package var fields: Set<[String]>

    /// Whether this entry belongs to the same writer as the other (manager, operation and subresource).
    package func isSameWriter(as other: Self) -> Bool {
        manager == other.manager && operation == other.operation && subresource == other.subresource
    }

    /// How a conflict names this owner: `conflict with "m" with subresource "scale" using apps/v1`.
    package var conflictDescription: String {
        let subresourceText = subresource.map { " with subresource \"\($0)\"" } ?? ""
        return "conflict with \"\(manager)\"\(subresourceText) using \(apiVersion)"
    }

    /// The entry as the API shows it, with `fieldsV1` in the `f:` notation.
    package var json: JSONValue {
        var fieldsV1: JSONValue = .object([:])
        for path in fields {
            fieldsV1 = fieldsV1.setting(.object([:]), at: path.map { "f:" + $0 })
        }
        var entry: JSONValue = [
            "manager": .string(manager), "operation": .string(operation.rawValue),
            "apiVersion": .string(apiVersion), "time": .string(time), "fieldsType": "FieldsV1", "fieldsV1": fieldsV1,
        ]
        if let subresource { entry["subresource"] = .string(subresource) }
        return entry
    }
}
