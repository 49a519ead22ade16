/// AgentAPI's server read/write lock: `POST /message` writes, `GET /status` and `GET /messages` read.
///
/// Waiters are served in arrival order, so a queued writer holds back later readers, as with Go's `sync.RWMutex`.
actor ReadWriteGate {
    /// A suspended request and the kind of access it waits for.
    private enum Waiter {
        case reader(CheckedContinuation<Void, Never>)
        case writer(CheckedContinuation<Void, Never>)
    }

    private var readers = 0
    private var isWriting = false
    private var waiters: [Waiter] = []

    /// How many requests wait for the lock.
    var waitingCount: Int { waiters.count }

    /// Runs `body` while holding the lock shared with other readers.
    nonisolated func whileReading<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lockForReading()
        do {
            let value = try await body()
            await unlockForReading()
            return value
        } catch {
            await unlockForReading()
            throw error
        }
    }

    /// Runs `body` while holding the lock alone.
    nonisolated func whileWriting<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lockForWriting()
        do {
            let value = try await body()
            await unlockForWriting()
            return value
        } catch {
            await unlockForWriting()
            throw error
        }
    }

    private func lockForReading() async {
        if !isWriting && waiters.isEmpty {
            readers += 1
            return
        }
        await withCheckedContinuation { waiters.append(.reader($0)) }
    }

    private func lockForWriting() async {
        if !isWriting && readers == 0 && waiters.isEmpty {
            isWriting = true
            return
        }
        await withCheckedContinuation { waiters.append(.writer($0)) }
    }

    private func unlockForReading() {
        readers -= 1
        admitWaiters()
    }

    private func unlockForWriting() {
        isWriting = false
        admitWaiters()
    }

    private func admitWaiters() {
        while let first = waiters.first, !isWriting {
            switch first {
            case .reader(let continuation):
                readers += 1
                waiters.removeFirst()
                continuation.resume()
            case .writer(let continuation):
                guard readers == 0 else { return }
                isWriting = true
                waiters.removeFirst()
                continuation.resume()
            }
        }
    }
}
