import Foundation

/// A git repository address, parsed strictly: `https://`, `ssh://`, scp-like `user@host:path`, `file:///path`, and
/// `http://` on a loopback host only. Anything git would hand to a transport helper (`ext::`, `fd::`, `http::`),
/// an option-looking part, a control character (also percent-encoded) or another scheme is refused; see
/// docs/security.md.
package struct GitRemote: Sendable, Equatable {
    /// How git reaches the repository; the names are git's protocol names (`GIT_ALLOW_PROTOCOL`).
    package enum Transport: String, Sendable, CaseIterable {
        case https
        case http
        case ssh
        case file
    }

    package var transport: Transport
    /// The host, lowercased (IPv6 literals without brackets); empty for `file`.
    package var host: String
    /// The port named in the address, if any.
    package var port: Int?
    package var user: String?
    /// The repository path (absolute for `file`).
    package var path: String

    /// The port git connects to: the named one, else the transport's default.
    package var effectivePort: Int { port ?? transport.defaultPort }

    /// Why `text` is not a repository address we accept.
    package struct Problem: Error, Sendable, Equatable {
        package var message: String

        init(_ message: String) {
            self.message = message
        }
    }

    /// Parses `text` (surrounding spaces ignored); throws a ``Problem`` saying what is wrong.
    package init(parsing raw: String) throws(Problem) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw Problem("is required") }
        if text.count > 2048 { throw Problem("must be at most 2048 characters") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || Self.isControl($0) }) {
            throw Problem("must not contain spaces or control characters")
        }
        if text.contains("::") { throw Problem("must not name a git transport helper ('::')") }
        if let decoded = text.removingPercentEncoding, decoded.unicodeScalars.contains(where: Self.isControl) {
            throw Problem("must not contain encoded control characters")
        }
        if text.hasPrefix("-") { throw Problem("must not start with '-'") }
        if let schemeEnd = text.range(of: "://") {
            self = try Self.parseURL(text, scheme: text[..<schemeEnd.lowerBound].lowercased())
        } else {
            self = try Self.parseSCP(text)
        }
    }

    private init(transport: Transport, host: String, port: Int?, user: String?, path: String) {
        self.transport = transport
        self.host = host
        self.port = port
        self.user = user
        self.path = path
    }

    private static let formats = "must be an https://, ssh:// (or git@host:org/repo.git) or file:// URL"

    private static func parseURL(_ text: String, scheme: String) throws(Problem) -> GitRemote {
        guard let transport = Transport(rawValue: scheme) else { throw Problem(formats) }
        guard let components = URLComponents(string: text) else { throw Problem("is not a valid URL") }
        if components.query != nil || components.fragment != nil {
            throw Problem("must not have a query or fragment")
        }
        let path = components.percentEncodedPath
        if transport == .file {
            let host = components.host ?? ""
            guard host.isEmpty || host == "localhost" else { throw Problem("must be file:///absolute/path") }
            let decoded = components.path
            guard decoded.hasPrefix("/") else { throw Problem("must be an absolute file:// URL") }
            if decoded.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
                throw Problem("must not contain '.' or '..' segments")
            }
            return GitRemote(transport: .file, host: "", port: nil, user: nil, path: decoded)
        }
        guard let rawHost = components.host, !rawHost.isEmpty else { throw Problem("must name a host") }
        let host = try validHost(rawHost)
        if components.password != nil { throw Problem("must not embed a password; use a git credential") }
        if let user = components.user, user.hasPrefix("-") { throw Problem("must not have a user starting with '-'") }
        if let port = components.port, !(1...65535).contains(port) { throw Problem("must have a port from 1 to 65535") }
        guard path.count > 1 else { throw Problem("must name a repository path") }
        try checkSegments(path)
        if transport == .http, !isLoopback(host) {
            throw Problem("must use https:// (plain http:// is accepted only for a loopback host)")
        }
        return GitRemote(transport: transport, host: host, port: components.port, user: components.user, path: path)
    }

    /// `[user@]host:path`, which git reads as ssh.
    private static func parseSCP(_ text: String) throws(Problem) -> GitRemote {
        guard let colon = text.firstIndex(of: ":") else { throw Problem(formats) }
        let authority = text[..<colon]
        let path = String(text[text.index(after: colon)...])
        guard !authority.contains("/") else { throw Problem(formats) }
        var user: String?
        var hostText = authority
        if let at = authority.lastIndex(of: "@") {
            user = String(authority[..<at])
            hostText = authority[authority.index(after: at)...]
            guard let user, !user.isEmpty, !user.hasPrefix("-") else { throw Problem(formats) }
        }
        guard !hostText.isEmpty, !path.isEmpty, !path.hasPrefix("//") else { throw Problem(formats) }
        let host = try validHost(String(hostText))
        try checkSegments(path)
        return GitRemote(transport: .ssh, host: host, port: nil, user: user, path: path)
    }

    /// A host name or IP literal, lowercased; nothing that could read as an option.
    static func validHost(_ text: String) throws(Problem) -> String {
        var host = text.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let isIPv6 = host.contains(":")
        let allowed = host.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) || scalar == "-" || scalar == "."
                || scalar == "_" || (isIPv6 && scalar == ":")
        }
        guard allowed, !host.isEmpty, !host.hasPrefix("-"), !host.hasPrefix(".") else {
            throw Problem("must name a valid host")
        }
        return host
    }

    /// No path segment may look like an option.
    private static func checkSegments(_ path: String) throws(Problem) {
        if path.split(separator: "/").contains(where: { $0.hasPrefix("-") }) {
            throw Problem("must not have a path part starting with '-'")
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    /// Whether `host` is a loopback name or address.
    package static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension GitRemote.Transport {
    /// The port git uses when the address names none.
    package var defaultPort: Int {
        switch self {
        case .https: 443
        case .http: 80
        case .ssh: 22
        case .file: 0
        }
    }
}

/// A host a git credential is bound to: `host` (the transport's default port) or `host:port`; matched exactly.
package struct GitHostBinding: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int?

    package init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var host = trimmed
        var port: Int?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { return nil }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = trimmed.lastIndex(of: ":"), trimmed.filter({ $0 == ":" }).count == 1 {
            host = String(trimmed[..<colon])
            guard let value = Int(trimmed[trimmed.index(after: colon)...]) else { return nil }
            port = value
        }
        if let port, !(1...65535).contains(port) { return nil }
        // nil: the same host rules as a repository address
        guard (try? GitRemote.validHost(host)) == host else { return nil }
        self.host = host
        self.port = port
    }

    /// Whether a credential bound here may be handed to git for `remote`.
    package func permits(_ remote: GitRemote) -> Bool {
        guard remote.transport != .file, remote.host == host else { return false }
        if let port { return remote.effectivePort == port }
        return remote.effectivePort == remote.transport.defaultPort
    }

    package var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(name):\($0)" } ?? name
    }
}

extension GitHostBinding {
    /// The binding that permits exactly `remote`'s host and port.
    package init?(remote: GitRemote) {
        guard remote.transport != .file else { return nil }
        self.host = remote.host
        self.port = remote.port.flatMap { $0 == remote.transport.defaultPort ? nil : $0 }
    }

    /// The bindings as stored in one database column: space-separated.
    package static func column(_ hosts: [GitHostBinding]) -> String {
        hosts.map(\.description).joined(separator: " ")
    }

    /// The bindings of a database column; unreadable entries are dropped (they permit nothing).
    package static func bindings(column: String) -> [GitHostBinding] {
        column.split(separator: " ").compactMap { GitHostBinding(String($0)) }
    }
}
