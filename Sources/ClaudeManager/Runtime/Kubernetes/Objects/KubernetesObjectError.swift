import Foundation

/// Why the Kubernetes objects of a project could not be built.
package enum KubernetesObjectError: Error, Sendable, Equatable {
    /// A name is not a DNS-1123 label or is too long (StatefulSet names are limited to 52 characters).
    case invalidName(String)
    /// A label value breaks the label syntax (alphanumerics, `-`, `_`, `.`; at most 63 characters).
    case invalidLabelValue(key: String, value: String)
    /// A CPU, memory or storage amount is not a positive quantity.
    case invalidQuantity(field: String, value: String)
    /// A pod selector the NetworkPolicy trusts (`MANAGER_POD_LABELS`, or `INGRESS_CONTROLLER_LABELS` in the projects'
    /// namespace) could be matched by a project's own pod.
    case selectorMatchesProjectPods(setting: String, labels: [String: String])
}
