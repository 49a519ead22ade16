import Foundation

/// A core/v1 `Event` about an object (PROTOCOLS.md 3.7).
package struct KubernetesEvent: Decodable, Sendable, Equatable {
    /// The object the event is about.
    package struct InvolvedObject: Decodable, Sendable, Equatable {
        package var kind: String?
        package var name: String?
        package var namespace: String?
        package var uid: String?
    }

    /// The repetitions of an event that kept happening.
    package struct Series: Decodable, Sendable, Equatable {
        package var count: Int?
        package var lastObservedTime: String?
    }

    package var metadata: KubernetesObjectMetadata
    package var involvedObject: InvolvedObject
    /// `Normal` or `Warning`.
    package var type: String?
    package var reason: String?
    package var message: String?
    package var count: Int?
    package var firstTimestamp: String?
    package var lastTimestamp: String?
    package var eventTime: String?
    package var series: Series?

    /// When it last happened: `lastTimestamp`, else `series.lastObservedTime`, else `eventTime`.
    package var occurredAt: Date? {
        [lastTimestamp, series?.lastObservedTime, eventTime].lazy.compactMap { $0.flatMap(Self.date) }.first
    }

    /// An RFC 3339 time with or without fractional seconds; `nil` when it is neither.
    private static func date(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
