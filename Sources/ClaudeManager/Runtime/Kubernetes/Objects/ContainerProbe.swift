import Foundation

/// A container probe: an HTTP GET, a TCP connect or a command, with its timing.
package struct ContainerProbe: Sendable, Equatable, Codable {
    package var httpGet: HTTPGetAction?
    package var tcpSocket: TCPSocketAction?
    package var exec: ExecAction?
    package var initialDelaySeconds: Int?
    package var periodSeconds: Int?
    package var timeoutSeconds: Int?
    package var successThreshold: Int?
    package var failureThreshold: Int?

    /// An HTTP GET on the pod's address; any status from 200 to 399 succeeds.
    package struct HTTPGetAction: Sendable, Equatable, Codable {
        package var path: String?
        package var port: IntOrString
        package var scheme: String?
    }

    /// A TCP connection to the pod's address.
    package struct TCPSocketAction: Sendable, Equatable, Codable {
        package var port: IntOrString
    }
}

/// A command run inside the container (no shell unless the command starts one).
package struct ExecAction: Sendable, Equatable, Codable {
    package var command: [String]?
}
