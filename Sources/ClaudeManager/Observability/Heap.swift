import CMemory

/// The process heap.
package enum Heap {
    /// Makes large blocks (128 KiB and up) go back to the system as soon as they are freed.
    ///
    /// glibc serves such blocks from their own mappings at first, but raises that threshold each time one is freed,
    /// up to 32 MiB; from then on, transient buffers (the response and parse buffers of a list of 1,000 Kubernetes
    /// objects are megabytes each) come from the heap and stay resident once freed. Fixing the threshold keeps the
    /// resident set at what the manager really holds: 55 MB instead of 75–80 MB after syncing 1,000 projects
    /// (bench/README.md). Call it once, early. `false` when the C library has no such setting (not glibc).
    @discardableResult
    package static func returnLargeBlocksWhenFreed() -> Bool {
        cm_map_allocations_from(128 * 1024) == 1
    }
}
