/// One page of a listing with the total number of matches.
package struct Page<Item: Sendable>: Sendable {
    package var items: [Item]
    package var total: Int
    package var page: Int
    package var limit: Int
}

extension Page: Equatable where Item: Equatable {}
