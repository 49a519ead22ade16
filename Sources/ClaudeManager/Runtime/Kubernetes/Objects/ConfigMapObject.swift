import Foundation

/// A `v1` `ConfigMap` holding non-secret settings.
package struct ConfigMapObject: ManifestObject, Equatable {
    package var apiVersion: String? = "v1"
    package var kind: String? = "ConfigMap"
    package var metadata: ObjectMeta?
    package var data: StringMap?
}
