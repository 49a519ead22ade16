import Foundation

/// A `v1` `Service`.
package struct ServiceObject: ManifestObject, Equatable {
    package var apiVersion: String? = "v1"
    package var kind: String? = "Service"
    package var metadata: ObjectMeta?
    package var spec: Spec?

    /// The service's `spec`; `clusterIP` is assigned by the server and only decoded.
    package struct Spec: Sendable, Equatable, Codable {
        package var type: String?
        package var selector: StringMap?
        package var ports: [Port]?
        package var clusterIP: String?
    }

    /// One service port, forwarded to a container port by name or number.
    package struct Port: Sendable, Equatable, Codable {
        package var name: String?
        package var `protocol`: String?
        package var port: Int
        package var targetPort: IntOrString?
    }
}
