/// Events about objects.
extension KubernetesClient {
    /// The events matching `fieldSelector` (e.g. `involvedObject.name=p-0`), oldest first by ``KubernetesEvent/occurredAt``.
    package func events(namespace: String, fieldSelector: String) async throws -> [KubernetesEvent] {
        let list = try await list(
            .events,
            namespace: namespace,
            fieldSelector: fieldSelector,
            as: KubernetesEvent.self
        )
        return list.items.enumerated()
            .sorted { left, right in
                switch (left.element.occurredAt, right.element.occurredAt) {
                case (let leftDate?, let rightDate?) where leftDate != rightDate: leftDate < rightDate
                case (nil, .some): true
                case (.some, nil): false
                default: left.offset < right.offset
                }
            }
            .map(\.element)
    }

    /// The events about the object `name` (of `kind`, e.g. `Pod`, when given), oldest first.
    package func events(
        about name: String,
        kind: String? = nil,
        namespace: String
    ) async throws -> [KubernetesEvent] {
        var selectors: [String] = []
        if let kind { selectors.append("involvedObject.kind=\(kind)") }
        selectors.append("involvedObject.name=\(name)")
        return try await events(namespace: namespace, fieldSelector: selectors.joined(separator: ","))
    }
}
