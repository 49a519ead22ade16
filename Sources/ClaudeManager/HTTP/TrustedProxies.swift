import Foundation

/// The reverse proxies (`TRUSTED_PROXIES`) whose `X-Forwarded-For` names the client.
///
/// When the direct peer lies in one of the ranges, the `X-Forwarded-For` chain is read from right to left, skipping
/// trusted addresses: the first untrusted one is the client. A peer outside the ranges is the client, whatever the
/// header says, so clients cannot pick the address their requests are rate-limited by.
package struct TrustedProxies: Sendable, Equatable {
    package var ranges: [IPAddressRange]

    package init(_ ranges: [IPAddressRange] = []) {
        self.ranges = ranges
    }

    /// Parses a comma-separated list of addresses and CIDR blocks; the failure names the first entry that is neither.
    package static func parse(_ text: String) -> Result<TrustedProxies, InvalidEntry> {
        var ranges: [IPAddressRange] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let range = IPAddressRange(entry) else { return .failure(InvalidEntry(text: entry)) }
            ranges.append(range)
        }
        return .success(TrustedProxies(ranges))
    }

    /// An entry of `TRUSTED_PROXIES` that is not an address or a CIDR block.
    package struct InvalidEntry: Error, Sendable {
        package var text: String
    }

    package var isEmpty: Bool { ranges.isEmpty }

    /// The client's address (canonical text) for a request from `peer` carrying `forwardedFor` (every
    /// `X-Forwarded-For` field, in order); `nil` when the peer is the client.
    package func clientAddress(peer: String, forwardedFor: [String]) -> String? {
        guard let peerBytes = IPAddressRange.bytes(of: peer), isTrusted(peerBytes) else { return nil }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { Self.address(in: String($0)) }
        var nearest = peerBytes
        for hop in hops.reversed() {
            guard let bytes = hop else { break }  // not an address: everything from here leftwards is unreliable
            nearest = bytes
            if !isTrusted(bytes) { break }
        }
        return IPAddressRange.text(of: nearest)
    }

    private func isTrusted(_ bytes: [UInt8]) -> Bool {
        ranges.contains { $0.contains(bytes) }
    }

    /// The address bytes of one `X-Forwarded-For` element (`1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]:80`).
    private static func address(in element: String) -> [UInt8]? {
        var text = element.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<end])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return IPAddressRange.bytes(of: text)
    }
}
