import KubernetesDouble
import TestSupport

/// Objects the tests create.
enum Fixtures {
    static func configMap(_ name: String, labels: [String: String] = [:], data: [String: String] = [:]) -> JSONValue {
        var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]]
        if !labels.isEmpty { object["metadata"]?["labels"] = .object(labels.mapValues { .string($0) }) }
        if !data.isEmpty { object["data"] = .object(data.mapValues { .string($0) }) }
        return object
    }

    /// A StatefulSet like the manager's: one container, a `workspace` claim template, whenDeleted `Delete`.
    static func statefulSet(
        _ name: String,
        replicas: Int? = 1,
        image: String = "agent:1",
        serviceName: String? = nil
    ) -> JSONValue {
        var spec: JSONValue = [
            "serviceName": .string(serviceName ?? name),
            "selector": ["matchLabels": ["app.kubernetes.io/instance": .string(name)]],
            "template": [
                "metadata": [
                    "labels": ["app.kubernetes.io/instance": .string(name), "app.kubernetes.io/name": "agent"]
                ],
                "spec": ["containers": [["name": "agent", "image": .string(image)]]],
            ],
            "volumeClaimTemplates": [
                [
                    "metadata": ["name": "workspace"],
                    "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]],
                ]
            ],
            "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Delete", "whenScaled": "Retain"],
        ]
        if let replicas { spec["replicas"] = .int(replicas) }
        return [
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": ["name": .string(name), "labels": ["app.kubernetes.io/managed-by": "claude-manager"]],
            "spec": spec,
        ]
    }
}
