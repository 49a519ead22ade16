/// The watch history window, open watches, bookmarks and the watch faults.
extension ObjectStore {
    /// Opens a watch: the replay (every matching object as ADDED without a version, else the history after it),
    /// then live changes. A version older than the window yields one `ERROR` 410 line and ends the stream.
    func watch(
        _ resource: KubernetesResource,
        namespace: String,
        labelSelector: LabelSelector,
        fieldSelector: FieldSelector?,
        resourceVersion requested: Int?,
        allowsBookmarks: Bool,
        timeout: Duration?
    ) -> (id: Int, lines: AsyncStream<String>, continuation: AsyncStream<String>.Continuation) {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let subscription = WatchSubscription(
            resource: resource,
            namespace: namespace,
            labelSelector: labelSelector,
            fieldSelector: fieldSelector,
            allowsBookmarks: allowsBookmarks,
            deadline: timeout.map { ContinuousClock.now + $0 },
            continuation: continuation
        )
        nextSubscriptionID += 1
        let id = nextSubscriptionID
        if let requested, requested > 0 {
            let isForcedExpiry = expiredResumesPending > 0
            if isForcedExpiry || requested < oldestResumableVersion {
                if isForcedExpiry { expiredResumesPending -= 1 }
                tally.expiredWatchResumes += 1
                let error = KubernetesAPIError.expired(
                    requested: requested,
                    oldest: max(oldestResumableVersion, requested + 1)
                )
                continuation.yield(WatchSubscription.line(type: "ERROR", object: error.status))
                continuation.finish()
                return (id, lines, continuation)
            }
            for change in history where change.resourceVersion > requested {
                if let line = subscription.line(for: change) { continuation.yield(line) }
            }
        } else {
            for object in objects(
                resource,
                namespace: namespace,
                labelSelector: labelSelector,
                fieldSelector: fieldSelector
            ) {
                continuation.yield(WatchSubscription.line(type: "ADDED", object: object))
            }
        }
        subscriptions[id] = subscription
        return (id, lines, continuation)
    }

    /// Forgets a watch whose client went away.
    func endWatch(_ id: Int) {
        subscriptions.removeValue(forKey: id)?.continuation.finish()
    }

    /// Closes every open watch stream now.
    func dropWatches() {
        for subscription in subscriptions.values {
            subscription.continuation.finish()
        }
        tally.droppedWatches += subscriptions.count
        subscriptions = [:]
    }

    /// Makes the next `count` watch resumes (a nonzero resourceVersion) answer `ERROR` 410.
    func expireNextWatchResumes(_ count: Int) {
        expiredResumesPending += count
    }

    /// Forgets the history so that every resume from before now answers 410.
    func compactHistory() {
        history = []
        oldestResumableVersion = resourceVersion
    }

    /// How many watches are open.
    var openWatchCount: Int { subscriptions.count }

    /// Appends a change to the bounded history and sends it to the watches that see it.
    func record(_ change: StoredChange) {
        history.append(change)
        let overflow = history.count - configuration.watchHistoryLimit
        if overflow > 0 {
            oldestResumableVersion = history[overflow - 1].resourceVersion
            history.removeFirst(overflow)
        }
        for subscription in subscriptions.values {
            if let line = subscription.line(for: change) { subscription.continuation.yield(line) }
        }
    }

    /// Sends due bookmarks and ends watches past their `timeoutSeconds`.
    func tickWatches(now: ContinuousClock.Instant) {
        for (id, subscription) in subscriptions {
            if let deadline = subscription.deadline, deadline <= now { endWatch(id) }
        }
        guard now - lastBookmark >= configuration.bookmarkInterval else { return }
        lastBookmark = now
        for subscription in subscriptions.values where subscription.allowsBookmarks {
            let object: JSONValue = [
                "kind": .string(subscription.resource.kind), "apiVersion": .string(subscription.resource.apiVersion),
                "metadata": ["resourceVersion": .string(String(resourceVersion))],
            ]
            subscription.continuation.yield(WatchSubscription.line(type: "BOOKMARK", object: object))
        }
    }
}
