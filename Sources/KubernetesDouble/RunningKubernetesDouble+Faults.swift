/// Fault injection and request counting on a running double.
extension RunningKubernetesDouble {
    /// Replaces the request faults (latency, 500s).
    package func setFaults(_ faults: FaultInjector.Faults) {
        self.faults.faults = faults
    }

    /// Requests served so far by verb and path.
    package var requestCounts: [KubernetesRequest: Int] { faults.requestCounts }

    /// How many requests were served since the last reset.
    package var requestTotal: Int { faults.requestCounts.values.reduce(0, +) }

    /// Starts counting requests from zero.
    package func resetRequestCounts() {
        faults.resetRequestCounts()
    }

    /// Ends every open watch stream now, as a dropped connection would.
    package func dropWatches() async {
        await double.store.dropWatches()
    }

    /// Makes the next `count` watch resumes (with a nonzero resourceVersion) answer an `ERROR` 410 event.
    package func expireNextWatchResumes(_ count: Int = 1) async {
        await double.store.expireNextWatchResumes(count)
    }

    /// Forgets the watch history and invalidates continue tokens, as an etcd compaction does.
    package func compactHistory() async {
        await double.store.compactHistory()
    }

    /// How many watches are open.
    package var openWatchCount: Int {
        get async { await double.store.openWatchCount }
    }

    /// The faults served since the double started: injected errors, dropped watches, 410s.
    package var faultTally: FaultTally {
        get async { await double.faultTally }
    }
}
