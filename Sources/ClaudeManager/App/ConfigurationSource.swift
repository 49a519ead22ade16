import Configuration
import Foundation

/// Reads raw strings by environment-variable name for the configuration areas; empty values count as unset.
///
/// Each reader throws ``ConfigurationError`` naming the variable when its value cannot be used.
struct ConfigurationSource {
    let reader: ConfigReader

    private func key(_ name: String) -> ConfigKey {
        ConfigKey(name.lowercased().split(separator: "_").map(String.init))
    }

    func string(_ name: String) -> String? {
        guard let value = reader.string(forKey: key(name)), !value.isEmpty else { return nil }
        return value
    }

    func secret(_ name: String) -> Secret? {
        guard let value = reader.string(forKey: key(name), isSecret: true), !value.isEmpty else { return nil }
        return Secret(value)
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                name,
                "must be an integer from \(range.lowerBound) to \(range.upperBound) (got '\(text)')"
            )
        }
        return value
    }

    /// `k=v,k=v` as labels; at least one pair.
    func labels(_ name: String) throws -> [String: String]? {
        guard let text = string(name) else { return nil }
        var labels: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ConfigurationError(name, "must be key=value pairs separated by commas")
            }
            labels[parts[0]] = parts[1]
        }
        guard !labels.isEmpty else { throw ConfigurationError(name, "must name at least one label") }
        return labels
    }

    /// A Kubernetes namespace name (a DNS-1123 label).
    func namespace(_ name: String) throws -> String? {
        guard let namespace = string(name) else { return nil }
        guard ProjectRules.isDNSLabel(namespace, maxLength: 63) else {
            throw ConfigurationError(
                name,
                "must be a DNS-1123 label (lowercase letters, digits, '-'; got '\(namespace)')"
            )
        }
        return namespace
    }

    /// Comma-separated IPv4 CIDRs with a prefix of 1 to 32 bits, or `none` for an empty list.
    func ipv4Ranges(_ name: String) throws -> [String]? {
        guard let text = string(name) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return [] }
        let ranges = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for range in ranges {
            let parts = range.split(separator: "/", omittingEmptySubsequences: false)
            let octets = parts.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
            guard parts.count == 2, let prefix = Int(parts[1]), (1...32).contains(prefix), octets.count == 4,
                octets.allSatisfy({ Int($0).map { (0...255).contains($0) } == true && $0.count <= 3 })
            else {
                throw ConfigurationError(
                    name,
                    "must be IPv4 ranges such as 10.0.0.0/8,169.254.0.0/16, or none (got '\(range)')"
                )
            }
        }
        return ranges
    }

    func databaseURL() throws -> String? {
        guard let url = reader.string(forKey: key("DATABASE_URL"), isSecret: true), !url.isEmpty else { return nil }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: url), components.host?.isEmpty == false else {
                throw ConfigurationError("DATABASE_URL", "must be postgres://user:password@host:port/database")
            }
            return url
        }
        if url.hasPrefix("sqlite://") { return url }
        if url.contains("://") {
            let scheme = url.components(separatedBy: "://").first ?? ""
            throw ConfigurationError(
                "DATABASE_URL",
                "has unsupported scheme '\(scheme)': use postgres://… or a SQLite file path"
            )
        }
        return url
    }
}
