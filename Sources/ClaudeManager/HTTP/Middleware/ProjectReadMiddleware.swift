import HTTPTypes
import Hummingbird
import NIOCore

/// Answers the two busiest reads, `GET /api/projects` and `GET /api/projects/{id}`, from the project catalog
/// and the per-project JSON cache, without decoding and re-encoding every project per request.
///
/// It answers only what it can answer exactly as the generated handler would (`openapi.yaml` stays the
/// contract, and a test compares both answers); anything else — no credentials, a search, a malformed or
/// out-of-range parameter, an unknown project — goes on to the generated handler, which owns the errors.
struct ProjectReadMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let collectionPath = "/api/projects"

    let projects: ProjectService
    let store: any Store
    let json: ProjectJSONCache

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard request.method == .get, request.uri.path.hasPrefix(Self.collectionPath) else {
            return try await next(request, context)
        }
        let path = request.uri.path
        if path.utf8.count == Self.collectionPath.utf8.count {
            guard await isAllowed("listProjects", context, [:]) else { return try await next(request, context) }
            guard let query = Self.listQuery(request.uri.query) else { return try await next(request, context) }
            let revision = projects.revision  // read before the page, so a change in between only costs a miss
            if let revision, let page = json.page(query, revision: revision) { return Self.response(page) }
            let page = try json.json(for: try await projects.list(query))
            if let revision { json.keep(page, for: query, revision: revision) }
            return Self.response(page)
        }
        let id = path.dropFirst(Self.collectionPath.count + 1)
        guard path.dropFirst(Self.collectionPath.count).first == "/", Self.isPlainID(id), request.uri.query == nil,
            await isAllowed("getProject", context, ["projectId": id]),
            let project = try await projects.findProject(id: String(id))
        else { return try await next(request, context) }
        return Self.response(try json.json(for: project))
    }

    /// Whether ``OperationPolicy`` lets the caller through; if not, the generated handler's path answers (401, 403).
    private func isAllowed(_ operationID: String, _ context: Context, _ parameters: [String: Substring]) async -> Bool {
        do {
            try await OperationPolicy.of(operationID).authorize(
                context.identity,
                pathParameters: parameters,
                store: store
            )
            return true
        } catch {
            return false
        }
    }

    private static func response(_ body: ByteBuffer) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: body)
        )
    }

    /// Project ids are lowercase UUIDs; anything else is left to the generated handler.
    private static func isPlainID(_ id: Substring) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
            }
    }

    /// The query of a plain list request (`page`, `limit`, `status` once each, all valid), else `nil`.
    static func listQuery(_ query: String?) -> ProjectQuery? {
        var page: Int?
        var limit: Int?
        var status: ProjectStatus?
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "page" where page == nil:
                guard let value = strictInteger(parts[1]) else { return nil }
                page = value
            case "limit" where limit == nil:
                guard let value = strictInteger(parts[1]) else { return nil }
                limit = value
            case "status" where status == nil:
                guard let value = ProjectStatus(rawValue: String(parts[1])) else { return nil }
                status = value
            default:
                return nil
            }
        }
        guard let paging = try? APIHandler.paging(page: page, limit: limit, defaultLimit: 20, maxLimit: 200) else {
            return nil
        }
        return ProjectQuery(page: paging.page, limit: paging.limit, status: status)
    }

    /// Plain decimal digits only (no sign, no spaces), as small as a page number can be.
    private static func strictInteger(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }
}
