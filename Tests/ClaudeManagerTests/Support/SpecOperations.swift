import Foundation

/// The operations of `openapi.yaml`, read with a small line scanner (paths at two spaces, methods at four).
struct SpecOperation: CustomStringConvertible, Sendable {
    var method: String
    var path: String
    var operationID: String
    var isOpen: Bool
    /// Whether the operation takes a JSON request body.
    var hasBody = false

    var description: String { "\(method.uppercased()) \(path) (\(operationID))" }
    var isWrite: Bool { method != "get" }

    /// The path with each `{parameter}` replaced by a placeholder id.
    var samplePath: String {
        path.replacingOccurrences(
            of: #"\{[^}]+\}"#,
            with: "00000000-0000-0000-0000-000000000000",
            options: .regularExpression
        )
    }

    static func all() throws -> [SpecOperation] {
        let text = try String(contentsOfFile: TestEnvironment.specPath, encoding: .utf8)
        var operations: [SpecOperation] = []
        var inPaths = false
        var path: String?
        var method: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("paths:") {
                inPaths = true
                continue
            }
            if inPaths, !line.isEmpty, !line.hasPrefix(" ") { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
                method = nil
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let word = line.trimmingCharacters(in: .whitespaces).dropLast()
                method = ["get", "post", "put", "patch", "delete"].contains(String(word)) ? String(word) : nil
            } else if let current = method, let currentPath = path, line.hasPrefix("      operationId: ") {
                let id = line.replacingOccurrences(of: "      operationId: ", with: "")
                operations.append(SpecOperation(method: current, path: currentPath, operationID: id, isOpen: false))
            } else if line.hasPrefix("      requestBody:"), method != nil, operations.last?.path == path {
                operations[operations.count - 1].hasBody = true
            } else if line.hasPrefix("      security: []"), !operations.isEmpty, operations.last?.path == path {
                operations[operations.count - 1].isOpen = true
            }
        }
        return operations
    }
}
