/// The faults the double served since it started, so a test can prove the fault it arranged really happened.
///
/// The counts only grow; compare two readings for what happened in between.
package struct FaultTally: Sendable, Equatable {
    /// Injected error answers (500, 503, 504, 429, and 401 for a missing bearer token) by status code.
    package var injectedErrors: [Int: Int] = [:]
    /// Injected error answers by the request they answered.
    package var injectedErrorsByRequest: [KubernetesRequest: Int] = [:]
    /// Open watch streams ended by ``RunningKubernetesDouble/dropWatches()``.
    package var droppedWatches = 0
    /// Watch resumes answered with an `ERROR` 410 `Expired` event (forced or older than the history).
    package var expiredWatchResumes = 0
    /// Lists answered 410 `Expired` because their continue token predates a compaction.
    package var expiredContinueTokens = 0

    package init() {}

    /// Every injected error answer, whatever its code.
    package var injectedErrorTotal: Int { injectedErrors.values.reduce(0, +) }
}
