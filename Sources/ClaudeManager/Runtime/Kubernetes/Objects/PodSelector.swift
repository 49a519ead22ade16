import Foundation

/// A label selector that picks pods by equal labels (`matchLabels`; the expression form is not used).
package struct PodSelector: Sendable, Equatable, Codable {
    package var matchLabels: StringMap?
}
