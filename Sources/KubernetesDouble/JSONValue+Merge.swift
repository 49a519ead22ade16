/// Merging, field paths and edits at a path, for apply and merge-patch.
extension JSONValue {
    /// RFC 7386 JSON merge patch: objects merge, `null` removes a member, anything else replaces.
    package func mergePatched(with patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = objectValue ?? [:]
        for (key, value) in patchMembers {
            if value == .null {
                members[key] = nil
            } else {
                members[key] = (members[key] ?? .null).mergePatched(with: value)
            }
        }
        return .object(members)
    }

    /// Server-side apply's merge: objects merge member by member; arrays and scalars are atomic and replace.
    package func applying(_ applied: JSONValue) -> JSONValue {
        guard case .object(let appliedMembers) = applied, case .object(var members) = self else { return applied }
        for (key, value) in appliedMembers {
            members[key] = members[key].map { $0.applying(value) } ?? value
        }
        return .object(members)
    }

    /// The paths of every leaf: scalars, arrays (atomic) and empty objects.
    package func leafPaths(under prefix: [String] = []) -> Set<[String]> {
        guard case .object(let members) = self, !members.isEmpty else { return prefix.isEmpty ? [] : [prefix] }
        var paths: Set<[String]> = []
        for (key, value) in members {
            paths.formUnion(value.leafPaths(under: prefix + [key]))
        }
        return paths
    }

    /// A copy with `value` at `path`, creating objects on the way.
    package func setting(_ value: JSONValue, at path: [String]) -> JSONValue {
        guard let first = path.first else { return value }
        var copy = self
        if copy.objectValue == nil { copy = .object([:]) }
        copy[first] = (copy[first] ?? .object([:])).setting(value, at: Array(path.dropFirst()))
        return copy
    }

    /// A copy without the member at `path`; parents left empty are removed too.
    package func removing(at path: [String]) -> JSONValue {
        guard let first = path.first, case .object(var members) = self, let child = members[first] else { return self }
        if path.count == 1 {
            members[first] = nil
        } else {
            let pruned = child.removing(at: Array(path.dropFirst()))
            if case .object(let remaining) = pruned, remaining.isEmpty, child.objectValue?.isEmpty == false {
                members[first] = nil
            } else {
                members[first] = pruned
            }
        }
        return .object(members)
    }
}

extension Array where Element == String {
    /// The path as Kubernetes prints it in conflicts, e.g. `.spec.replicas`.
    package var fieldPathDescription: String { map { "." + $0 }.joined() }

    /// Whether one of the two paths contains the other, so their owners overlap.
    package func overlaps(_ other: [String]) -> Bool {
        let length = Swift.min(count, other.count)
        return self[..<length] == other[..<length]
    }
}
