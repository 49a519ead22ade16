import ClaudeManagerAPI
import Foundation
import NIOCore
import Synchronization

/// Each project's JSON as the API answers it, encoded once per change of the project instead of per request.
///
/// The bytes are those of the generated `Components.Schemas.Project`, encoded with the settings the OpenAPI
/// transport uses, so a page assembled from them decodes exactly as the generated handler's answer would.
final class ProjectJSONCache: Sendable {
    private let runtime: RuntimeKind
    private let entries = Mutex<[String: (project: Project, json: ByteBuffer)]>([:])
    private let pages = Mutex<[ProjectQuery: (revision: Int, json: ByteBuffer)]>([:])
    private static let limit = 20_000
    private static let pageLimit = 256

    init(runtime: RuntimeKind) {
        self.runtime = runtime
    }

    /// The JSON of `project`, from the cache when the project has not changed since it was encoded.
    func json(for project: Project) throws -> ByteBuffer {
        if let entry = entries.withLock({ $0[project.id] }), entry.project == project { return entry.json }
        let json = ByteBuffer(bytes: try Self.encoder.encode(Components.Schemas.Project(project, runtime: runtime)))
        entries.withLock { entries in
            if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }  // deleted projects linger
            entries[project.id] = (project, json)
        }
        return json
    }

    /// The page answered for `query` at project revision `revision`, if it is still cached.
    func page(_ query: ProjectQuery, revision: Int) -> ByteBuffer? {
        pages.withLock { pages in pages[query].flatMap { $0.revision == revision ? $0.json : nil } }
    }

    /// Keeps the page answered for `query` at `revision` (read before the page was) for the next request.
    func keep(_ json: ByteBuffer, for query: ProjectQuery, revision: Int) {
        pages.withLock { pages in
            if pages.count >= Self.pageLimit, pages[query] == nil { pages.removeAll(keepingCapacity: true) }
            pages[query] = (revision, json)
        }
    }

    /// `{"items":[…],"total":…,"page":…,"limit":…}` as `Components.Schemas.ProjectPage` encodes it.
    func json(for page: Page<Project>) throws -> ByteBuffer {
        let items = try page.items.map(json(for:))
        var buffer = ByteBuffer()
        buffer.reserveCapacity(items.reduce(64) { $0 + $1.readableBytes + 1 })
        buffer.writeStaticString("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            buffer.writeImmutableBuffer(item)
        }
        buffer.writeString("],\"total\":\(page.total),\"page\":\(page.page),\"limit\":\(page.limit)}")
        return buffer
    }

    /// The encoder the OpenAPI transport is configured with (see `makeRouter`).
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(try ISO8601Transcoder().encode(date))
        }
        return encoder
    }
}
