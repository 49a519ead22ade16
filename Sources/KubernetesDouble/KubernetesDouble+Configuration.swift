extension KubernetesDouble {
    /// How the double listens and how fast its simulated cluster moves.
    ///
    /// Keys: `host`, `port` (0 picks a free one), `podReadyDelay`, `tickInterval`, `watchHistoryLimit`,
    /// `bookmarkInterval`.
    package struct Configuration: Sendable {
        package var host = "127.0.0.1"
        package var port = 0
        /// How long a new pod stays Pending (`ContainerCreating`) before it runs and turns Ready.
        package var podReadyDelay = Duration.milliseconds(500)
        /// How often the simulated controller, kubelet, bookmarks and watch timeouts run.
        package var tickInterval = Duration.milliseconds(20)
        /// How many changes the watch history keeps; resuming from before them answers 410.
        package var watchHistoryLimit = 1000
        /// How often watches with `allowWatchBookmarks=true` get a BOOKMARK.
        package var bookmarkInterval = Duration.seconds(1)

        package init() {}

        /// Port 0 and a short pod start, for tests.
        package static var testing: Self {
            var configuration = Self()
            configuration.podReadyDelay = .milliseconds(100)
            return configuration
        }
    }
}
