import Foundation

/// What to list of the projects: the one place that filters, orders and pages them.
package struct ProjectQuery: Sendable, Hashable {
    package var page = 1
    package var limit = 20
    /// Case-insensitive text looked for in the name, short name and repository.
    package var search: String?
    package var status: ProjectStatus?

    package init(page: Int = 1, limit: Int = 20, search: String? = nil, status: ProjectStatus? = nil) {
        self.page = page
        self.limit = limit
        self.search = search
        self.status = status
    }

    /// The search text as it is matched: trimmed and lowercased; empty when there is none.
    private var needle: String {
        search?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    }

    /// Whether `project` is listed for this query, whose search text is `needle`.
    private func matches(_ project: Project, needle: String) -> Bool {
        if let status, project.status != status { return false }
        guard !needle.isEmpty else { return true }
        return project.name.lowercased().contains(needle) || project.shortName.lowercased().contains(needle)
            || project.gitRepository.lowercased().contains(needle)
    }

    /// This query's page of `ordered` (projects already in ``Project/isListedBefore(_:_:)`` order).
    package func page(of ordered: [Project]) -> Page<Project> {
        let needle = self.needle  // once per page, not once per project
        let matching = status == nil && needle.isEmpty ? ordered : ordered.filter { matches($0, needle: needle) }
        let start = min((page - 1) * limit, matching.count)
        let end = min(start + limit, matching.count)
        return Page(items: Array(matching[start..<end]), total: matching.count, page: page, limit: limit)
    }
}

extension Project {
    /// The list order: newest first, then by id (descending) among projects created at the same moment.
    package static func isListedBefore(_ lhs: Project, _ rhs: Project) -> Bool {
        lhs.createdAt != rhs.createdAt ? lhs.createdAt > rhs.createdAt : lhs.id > rhs.id
    }
}
