import Foundation

/// When each current pod last turned Ready, in wall-clock milliseconds since 1970, for latency measurements that
/// compare against another process's clock on the same machine.
struct PodReadyTimes: Sendable {
    private var times: [ObjectStore.Key: Double] = [:]

    /// Notes a pod status change: records the time when `status` is Ready and `previous` was not, forgets it
    /// when the pod is no longer Ready.
    mutating func note(_ key: ObjectStore.Key, previous: JSONValue?, status: JSONValue) {
        let isReady = Self.isReady(status)
        if isReady && !Self.isReady(previous) {
            times[key] = Self.nowMilliseconds()
        } else if !isReady {
            times[key] = nil
        }
    }

    /// Forgets a deleted pod.
    mutating func forget(_ key: ObjectStore.Key) {
        times[key] = nil
    }

    /// The Ready times by pod name, of one namespace or (when nil) of all.
    func byName(namespace: String?) -> [String: Double] {
        var result: [String: Double] = [:]
        for (key, time) in times where namespace == nil || key.namespace == namespace {
            result[key.name] = time
        }
        return result
    }

    /// Whether a pod `status` has the condition Ready=True.
    static func isReady(_ status: JSONValue?) -> Bool {
        (status?["conditions"]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }

    /// Wall-clock milliseconds since 1970, with a fraction.
    static func nowMilliseconds() -> Double {
        (Date().timeIntervalSince1970 * 1_000_000).rounded() / 1000
    }
}

extension ObjectStore {
    /// The time each pod of `namespace` (nil: every namespace) turned Ready, in ms since 1970, by pod name.
    func podReadyTimes(namespace: String?) -> [String: Double] {
        pods.readyTimes.byName(namespace: namespace)
    }
}
