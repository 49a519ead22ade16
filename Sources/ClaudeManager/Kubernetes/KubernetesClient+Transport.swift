import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sending calls: authorization, deadlines, retries and error decoding.
extension KubernetesClient {
    /// Sends `call` and reads its whole 2xx answer, retrying as ``Configuration`` allows.
    func perform(_ call: KubernetesCall) async throws -> KubernetesAnswer {
        try await retrying(call) {
            let deadline = ContinuousClock.now + configuration.requestTimeout
            let response = try await execute(call, timeout: configuration.requestTimeout)
            let body = try await Self.collect(
                response.body,
                upTo: configuration.maximumResponseSize,
                before: deadline
            )
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                throw KubernetesError(statusCode: status, headers: response.headers, body: body)
            }
            return KubernetesAnswer(status: status, headers: response.headers, body: body)
        }
    }

    /// Sends `call` and returns its 2xx answer with the body still streaming (watches, followed logs); retries
    /// apply until the answer's head arrives, after which only task cancellation ends the stream.
    func open(_ call: KubernetesCall) async throws -> HTTPClientResponse {
        try await retrying(call) {
            let response = try await execute(call, timeout: configuration.requestTimeout)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                let body = try await Self.collect(
                    response.body,
                    upTo: 1 << 20,
                    before: ContinuousClock.now + configuration.requestTimeout
                )
                throw KubernetesError(statusCode: status, headers: response.headers, body: body)
            }
            return response
        }
    }

    /// Sends one attempt; answers of any status are returned.
    private func execute(_ call: KubernetesCall, timeout: Duration) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: baseURL + call.path)
        request.method = call.method
        request.headers.add(name: "Accept", value: call.accept)
        request.headers.add(name: "User-Agent", value: "claude-manager")
        if let authorization = try credentials.authorization() {
            request.headers.add(name: "Authorization", value: authorization)
        }
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: call.contentType ?? "application/json")
            request.body = .bytes(body)
        }
        stats.record(call.verb)
        let response = try await httpClient.execute(request, timeout: Self.timeAmount(timeout))
        logger.debug(
            "Kubernetes request",
            metadata: [
                "kubernetes.verb": "\(call.verb.rawValue)",
                "http.method": "\(call.method.rawValue)",
                "kubernetes.path": "\(Self.pathWithoutQuery(call.path))",
                "http.status": "\(response.status.code)",
            ]
        )
        return response
    }

    /// Runs `attempt` until it succeeds, fails for good, or the attempts run out.
    func retrying<Result>(
        _ call: KubernetesCall,
        _ attempt: () async throws -> Result
    ) async throws -> Result {
        var attemptNumber = 1
        var hasReloadedCredentials = false
        while true {
            let failure: KubernetesError
            let isRetryable: Bool
            do {
                return try await attempt()
            } catch let error as KubernetesError {
                failure = error
                isRetryable = error.isTransient
            } catch {
                if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled {
                    throw CancellationError()
                }
                (failure, isRetryable) = transportFailure(error)
            }
            if case .unauthorized = failure, !hasReloadedCredentials, credentials.invalidate() {
                hasReloadedCredentials = true
                logger.debug("Kubernetes answered 401; reloading the token")
                stats.recordRetry()
                continue
            }
            guard call.isIdempotent, isRetryable, attemptNumber < configuration.maximumAttempts else {
                throw failure
            }
            let delay = backoff(after: attemptNumber, failure: failure)
            logger.warning(
                "Kubernetes request failed; retrying",
                metadata: [
                    "kubernetes.verb": "\(call.verb.rawValue)",
                    "kubernetes.path": "\(Self.pathWithoutQuery(call.path))",
                    "kubernetes.attempt": "\(attemptNumber)",
                    "kubernetes.retry_delay": "\(delay)",
                    "error.message": "\(failure.message)",
                ]
            )
            stats.recordRetry()
            try await Task.sleep(for: delay)
            attemptNumber += 1
        }
    }

    /// The wait before attempt `attemptNumber + 1`: the server's `Retry-After` when it sent one, else full jitter
    /// over an exponential backoff.
    private func backoff(after attemptNumber: Int, failure: KubernetesError) -> Duration {
        if case .tooManyRequests(_, let retryAfter?) = failure {
            return min(retryAfter, configuration.maximumRetryAfter)
        }
        let base = Self.seconds(configuration.baseDelay)
        let ceiling = min(Self.seconds(configuration.maximumDelay), base * pow(2, Double(attemptNumber - 1)))
        return .seconds(Double.random(in: 0...max(ceiling, 0)))
    }

    /// A transport error in the client's terms; TLS failures and oversized answers are not worth retrying.
    func transportFailure(_ error: any Error) -> (KubernetesError, isRetryable: Bool) {
        let server = connection.server
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            return (.transport(message: "the Kubernetes API server at \(server) did not answer in time"), true)
        case let error as HTTPClientError where error == .connectTimeout:
            return (.transport(message: "connecting to the Kubernetes API server at \(server) timed out"), true)
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return (.transport(message: "TLS with the Kubernetes API server at \(server) failed: \(error)"), false)
        case is NIOTooManyBytesError:
            return (.transport(message: "the Kubernetes API server at \(server) sent too large an answer"), false)
        default:
            return (.transport(message: "cannot reach the Kubernetes API server at \(server): \(error)"), true)
        }
    }

    /// Reads `body` up to `maximumSize` bytes, failing when `deadline` passes first.
    static func collect(
        _ body: HTTPClientResponse.Body,
        upTo maximumSize: Int,
        before deadline: ContinuousClock.Instant
    ) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: maximumSize) }
            group.addTask {
                try await Task.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw HTTPClientError.deadlineExceeded
            }
            return buffer
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The path alone, for logs: queries may carry selectors but nothing else worth logging.
    static func pathWithoutQuery(_ path: String) -> Substring {
        path.prefix { $0 != "?" }
    }
}
