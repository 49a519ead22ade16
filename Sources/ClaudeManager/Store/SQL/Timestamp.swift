import Foundation

/// Dates as whole milliseconds since 1970, the form both databases store.
enum Timestamp {
    static var now: Int64 { milliseconds(Date()) }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
