import ServiceLifecycle

/// Runs the simulated controller, kubelet, bookmarks and watch timeouts every tick; closes watches on shutdown.
struct ControllerTicker: Service {
    let store: ObjectStore
    let interval: Duration

    func run() async {
        while !Task.isShuttingDownGracefully {
            await store.tick()
            do {
                try await Task.sleep(for: interval)
            } catch {
                break  // cancelled: the group is stopping
            }
        }
        await store.dropWatches()
    }
}
