import Foundation

/// A list `continue` token: the list's resourceVersion and the last name returned, base64-encoded.
struct ContinueToken: Sendable, Hashable {
    var resourceVersion: Int
    var lastName: String

    init(resourceVersion: Int, lastName: String) {
        self.resourceVersion = resourceVersion
        self.lastName = lastName
    }

    /// Decodes a token; `nil` when it is not one of ours.
    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"), let version = Int(text[..<colon]) else { return nil }
        self.resourceVersion = version
        self.lastName = String(text[text.index(after: colon)...])
    }

    var encoded: String { Data("\(resourceVersion):\(lastName)".utf8).base64EncodedString() }
}
