/// Builds query strings and path segments for API requests, percent-encoding everything but RFC 3986's
/// unreserved characters (selectors contain `=`, `,`, `/`, `!` and parentheses).
enum KubernetesQuery {
    /// `?a=1&b=2`, or an empty string when there are no items; items with a `nil` value are left out.
    static func string(_ items: [(name: String, value: String?)]) -> String {
        let pairs = items.compactMap { item in
            item.value.map { encode(item.name) + "=" + encode($0) }
        }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    /// One path segment: like a query value, but `:` and `@` stay (as in `services/NAME:3284/proxy`).
    static func encodeSegment(_ segment: String) -> String {
        encode(segment, keeping: [UInt8(ascii: ":"), UInt8(ascii: "@")])
    }

    static func encode(_ value: String, keeping kept: Set<UInt8> = []) -> String {
        var encoded = ""
        encoded.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isUnreserved(byte) || kept.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return encoded
    }

    private static let hexDigits = "0123456789ABCDEF".map { String($0) }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
