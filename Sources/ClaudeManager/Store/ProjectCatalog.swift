import Foundation
import Synchronization

/// An in-memory copy of every project row, so that reading projects (the busiest routes) costs no query.
///
/// ``SQLStore`` fills it from the database on the first read and keeps it exact afterwards: every project
/// write runs through ``changing(_:write:reload:)``, one at a time, and re-reads the changed project from
/// the database once the write is done, whether it succeeded or not. A reload that fails empties the
/// catalog, so the next read loads it again. The database stays the source of truth; the catalog only
/// serves reads of this process, which is right for one manager per database (the default). Several
/// replicas on one PostgreSQL would need the others' writes announced (LISTEN/NOTIFY) before sharing it.
package final class ProjectCatalog: Sendable {
    /// Projects newest first (`createdAt`, then `id`, both descending), as the list query orders them.
    private struct Contents: Sendable {
        var byID: [String: Project] = [:]
        var ordered: [Project] = []

        init(_ projects: [Project]) {
            for project in projects { byID[project.id] = project }
            ordered = projects.sorted(by: Project.isListedBefore)
        }

        /// Records `project` (`nil`: removed) under `id`; a change that keeps the project's place in the order
        /// (any change but a new `createdAt`) replaces it where it is, so a resync's status writes cost O(log n) each.
        mutating func set(_ project: Project?, id: String) {
            if let old = byID[id], let index = index(of: old) {
                if let project, project.createdAt == old.createdAt {
                    ordered[index] = project
                    byID[id] = project
                    return
                }
                ordered.remove(at: index)
            }
            byID[id] = project
            guard let project else { return }
            ordered.insert(project, at: insertionIndex(of: project))
        }

        /// Where `project` is, or belongs, in `ordered` (binary search).
        private func insertionIndex(of project: Project) -> Int {
            var low = 0
            var high = ordered.count
            while low < high {
                let middle = (low + high) / 2
                if Project.isListedBefore(ordered[middle], project) { low = middle + 1 } else { high = middle }
            }
            return low
        }

        private func index(of project: Project) -> Int? {
            let index = insertionIndex(of: project)
            if index < ordered.count, ordered[index].id == project.id { return index }
            return ordered.firstIndex { $0.id == project.id }
        }
    }

    private let contents = Mutex<Contents?>(nil)
    private let writes = AsyncSlots(1)
    private let changeCount = Atomic<Int>(0)

    package init() {}

    /// The projects, loading them with `load` when the catalog is empty.
    private func current(load: () async throws -> [Project]) async throws -> Contents {
        if let contents = contents.withLock({ $0 }) { return contents }
        return try await writes.run {
            if let contents = contents.withLock({ $0 }) { return contents }
            let loaded = Contents(try await load())
            contents.withLock { $0 = loaded }
            changeCount.add(1, ordering: .sequentiallyConsistent)
            return loaded
        }
    }

    package func project(id: String, load: () async throws -> [Project]) async throws -> Project? {
        try await current(load: load).byID[id]
    }

    package func project(shortName: String, load: () async throws -> [Project]) async throws -> Project? {
        try await current(load: load).ordered.first { $0.shortName == shortName }
    }

    package func all(load: () async throws -> [Project]) async throws -> [Project] {
        try await current(load: load).ordered.reversed()
    }

    /// A number that grows with every change to any project: equal revisions mean equal answers.
    package var revision: Int {
        changeCount.load(ordering: .sequentiallyConsistent)
    }

    /// One page of the projects matching `query`.
    package func page(_ query: ProjectQuery, load: () async throws -> [Project]) async throws -> Page<Project> {
        query.page(of: try await current(load: load).ordered)
    }

    /// Runs `write` for project `id`, then applies `change` to the catalog's copy (when loaded) instead of
    /// reading the row back; for writes whose effect is known exactly (status updates).
    package func changing(
        _ id: String,
        write: () async throws -> Void,
        change: @Sendable (inout Project) -> Void
    ) async throws {
        try await writes.run {
            try await write()
            contents.withLock { contents in
                guard var project = contents?.byID[id] else { return }
                change(&project)
                contents?.set(project, id: id)
            }
            changeCount.add(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Runs `write` for project `id`, then records the project as `reload` reads it (`nil`: deleted).
    package func changing<T: Sendable>(
        _ id: String,
        write: () async throws -> T,
        reload: () async throws -> Project?
    ) async throws -> T {
        try await writes.run {
            let result: Result<T, any Error>
            do {
                result = .success(try await write())
            } catch {
                result = .failure(error)
            }
            if contents.withLock({ $0 != nil }) {
                do {
                    let project = try await reload()
                    contents.withLock { $0?.set(project, id: id) }
                } catch {
                    contents.withLock { $0 = nil }
                }
            }
            changeCount.add(1, ordering: .sequentiallyConsistent)
            return try result.get()
        }
    }
}
