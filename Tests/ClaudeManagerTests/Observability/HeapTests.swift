import Testing

@testable import ClaudeManager

@Suite("Heap")
struct HeapTests {
    #if canImport(Glibc)
    @Test("glibc accepts the fixed threshold for mapped blocks")
    func largeBlocksAreMapped() {
        // False when the C shim was built without seeing glibc, which leaves the resident set to grow.
        #expect(Heap.returnLargeBlocksWhenFreed())
    }
    #endif
}
