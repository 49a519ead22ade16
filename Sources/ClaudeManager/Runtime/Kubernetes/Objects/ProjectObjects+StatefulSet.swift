import Foundation

extension ProjectObjects {
    /// The uid and gid the image's user runs as; `fsGroup` makes the volumes writable for it.
    package static let userID = 1000
    /// Time between SIGTERM and SIGKILL: the preStop hook plus AgentAPI's shutdown (about 10 s) fit in it.
    package static let terminationGracePeriodSeconds = 30

    /// Where the workspace volume is mounted (the agent's working directory).
    package static func workspacePath(_ settings: KubernetesObjectSettings) -> String {
        "\(settings.homeDirectory)/workspace"
    }

    /// Where the config volume is mounted; AgentAPI keeps its state and pid files there.
    package static func configPath(_ settings: KubernetesObjectSettings) -> String {
        "\(settings.homeDirectory)/config"
    }

    /// The agent's command line, given as the container's `args`:
    /// `agentapi server --type claude --port 3284 --allowed-hosts '*' --state-file <config>/agentapi.json
    /// --pid-file <config>/agentapi.pid -- claude`.
    ///
    /// The image's entrypoint is kept (it starts code-server and prepares the workspace) and runs its arguments
    /// as the main process. `*` admits any Host header, which requests through the API server's service proxy and
    /// the kubelet's probes need; the NetworkPolicy fences the port instead. The state file on the config volume
    /// keeps the conversation across restarts.
    package static func agentArguments(_ settings: KubernetesObjectSettings) -> [String] {
        [
            "agentapi", "server", "--type", "claude", "--port", String(agentAPIPort.number),
            "--allowed-hosts", "*",
            "--state-file", "\(configPath(settings))/agentapi.json",
            "--pid-file", "\(configPath(settings))/agentapi.pid",
            "--", "claude",
        ]
    }

    /// The StatefulSet `project-<shortName>`.
    ///
    /// `spec.replicas` is deliberately absent: the manager starts and stops a project only through the `scale`
    /// subresource, and a forced apply that named `replicas` would silently undo the last scale (an unforced one
    /// would conflict with it). An absent `replicas` means 1 when the StatefulSet is created, so the runtime creates
    /// it and then scales it to the desired count; later applies leave the count alone.
    ///
    /// `volumeClaimTemplates` cannot change once the StatefulSet exists; a new size or storage class reaches a
    /// running project only by patching its claims (or recreating the StatefulSet).
    static func makeStatefulSet(
        project: Project,
        names: ProjectObjectNames,
        labels: StringMap,
        selector: StringMap,
        checksum: String,
        keepVolumesOnDelete: Bool,
        settings: KubernetesObjectSettings
    ) throws(KubernetesObjectError) -> StatefulSetObject {
        let storageClass = [project.storage.storageClass, settings.defaultStorageClass]
            .compactMap { $0 }.first { !$0.isEmpty }
        let workspaceSize = project.storage.size.isEmpty ? settings.defaultWorkspaceSize : project.storage.size
        let claims = [
            try claimTemplate(
                workspaceVolume,
                size: workspaceSize,
                field: "storage.size",
                storageClass: storageClass,
                labels: labels
            ),
            try claimTemplate(
                configVolume,
                size: settings.defaultConfigSize,
                field: "DEFAULT_CONFIG_SIZE",
                storageClass: storageClass,
                labels: labels
            ),
        ]
        let template = PodTemplateSpec(
            metadata: ObjectMeta(labels: labels, annotations: [configChecksumAnnotation: checksum]),
            spec: PodSpec(
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                terminationGracePeriodSeconds: terminationGracePeriodSeconds,
                securityContext: podSecurityContext,
                containers: [try container(project: project, names: names, settings: settings)]
            )
        )
        return StatefulSetObject(
            metadata: metadata(names.statefulSet, labels: labels, settings: settings),
            spec: StatefulSetObject.Spec(
                serviceName: names.service,
                selector: PodSelector(matchLabels: selector),
                podManagementPolicy: "Parallel",
                updateStrategy: StatefulSetObject.UpdateStrategy(type: "RollingUpdate"),
                persistentVolumeClaimRetentionPolicy: StatefulSetObject.RetentionPolicy(
                    whenDeleted: keepVolumesOnDelete ? "Retain" : "Delete",
                    whenScaled: "Retain"
                ),
                template: template,
                volumeClaimTemplates: claims
            )
        )
    }

    /// Requests are the project's CPU and memory; limits are `limitFactor` times them. Both are written in the
    /// canonical form the server returns, so applying unchanged values changes nothing.
    static func resources(
        of project: Project,
        settings: KubernetesObjectSettings
    ) throws(KubernetesObjectError) -> ContainerSpec.Resources {
        let cpu = try positiveQuantity(project.resources.cpu, field: "resources.cpu")
        let memory = try positiveQuantity(project.resources.memory, field: "resources.memory")
        return ContainerSpec.Resources(
            requests: ResourceQuantities(cpu: cpu.canonicalDescription, memory: memory.canonicalDescription),
            limits: ResourceQuantities(
                cpu: cpu.multiplied(by: settings.limitFactor).canonicalDescription,
                memory: memory.multiplied(by: settings.limitFactor).canonicalDescription
            )
        )
    }

    /// The pod runs as uid/gid 1000 under the runtime's default seccomp profile; volumes are chowned to the group
    /// only when their root does not match already (a large workspace would otherwise be walked on every start).
    static let podSecurityContext = PodSpec.SecurityContext(
        runAsNonRoot: true,
        runAsUser: userID,
        runAsGroup: userID,
        fsGroup: userID,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: PodSpec.SeccompProfile(type: "RuntimeDefault")
    )

    /// By default no privilege escalation and no capabilities, which meets the `restricted` Pod Security Standard
    /// but makes `sudo` (a setuid binary) fail: tools must be installed in the image or in the user's home.
    /// With ``KubernetesObjectSettings/permitsSudo`` escalation is allowed and only the capabilities `sudo` and
    /// package managers use are kept; everything else stays dropped.
    static func containerSecurityContext(_ settings: KubernetesObjectSettings) -> ContainerSpec.SecurityContext {
        guard settings.permitsSudo else {
            return ContainerSpec.SecurityContext(
                allowPrivilegeEscalation: false,
                capabilities: ContainerSpec.Capabilities(drop: ["ALL"])
            )
        }
        return ContainerSpec.SecurityContext(
            allowPrivilegeEscalation: true,
            capabilities: ContainerSpec.Capabilities(
                add: ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
                drop: ["ALL"]
            )
        )
    }

    /// Startup allows ten minutes for the entrypoint (a first clone can be slow) before liveness applies.
    /// Readiness asks AgentAPI for `/status`, so the Service only routes to an agent that answers; liveness only
    /// checks that the port accepts connections, so a busy agent is never restarted.
    static let startupProbe = ContainerProbe(
        tcpSocket: .init(port: .int(agentAPIPort.number)),
        periodSeconds: 5,
        timeoutSeconds: 2,
        failureThreshold: 120
    )
    static let readinessProbe = ContainerProbe(
        httpGet: .init(path: "/status", port: .int(agentAPIPort.number)),
        periodSeconds: 10,
        timeoutSeconds: 3,
        failureThreshold: 3
    )
    static let livenessProbe = ContainerProbe(
        tcpSocket: .init(port: .int(agentAPIPort.number)),
        periodSeconds: 20,
        timeoutSeconds: 5,
        failureThreshold: 6
    )

    /// Before SIGTERM, ask AgentAPI to save its state (SIGUSR1 saves without exiting) and give it a moment.
    static func preStopCommand(_ settings: KubernetesObjectSettings) -> [String] {
        let pidFile = "\(configPath(settings))/agentapi.pid"
        return ["/bin/sh", "-c", "if [ -f \(pidFile) ]; then kill -USR1 \"$(cat \(pidFile))\"; sleep 2; fi"]
    }

    private static func container(
        project: Project,
        names: ProjectObjectNames,
        settings: KubernetesObjectSettings
    ) throws(KubernetesObjectError) -> ContainerSpec {
        ContainerSpec(
            name: containerName,
            image: settings.image,
            args: agentArguments(settings),
            workingDir: workspacePath(settings),
            ports: servedPorts.map { ContainerSpec.Port(name: $0.name, containerPort: $0.number, protocol: "TCP") },
            envFrom: [
                ContainerSpec.EnvFromSource(secretRef: .init(name: names.secret)),
                ContainerSpec.EnvFromSource(configMapRef: .init(name: names.configMap)),
            ],
            resources: try resources(of: project, settings: settings),
            volumeMounts: [
                ContainerSpec.VolumeMount(name: workspaceVolume, mountPath: workspacePath(settings)),
                ContainerSpec.VolumeMount(name: configVolume, mountPath: configPath(settings)),
            ],
            startupProbe: startupProbe,
            readinessProbe: readinessProbe,
            livenessProbe: livenessProbe,
            lifecycle: ContainerSpec.Lifecycle(
                preStop: ContainerSpec.Handler(exec: ExecAction(command: preStopCommand(settings)))
            ),
            securityContext: containerSecurityContext(settings)
        )
    }

    private static func claimTemplate(
        _ name: String,
        size: String,
        field: String,
        storageClass: String?,
        labels: StringMap
    ) throws(KubernetesObjectError) -> PersistentVolumeClaimObject {
        let quantity = try positiveQuantity(size, field: field)
        return PersistentVolumeClaimObject(
            metadata: ObjectMeta(name: name, labels: labels),
            spec: PersistentVolumeClaimObject.Spec(
                accessModes: ["ReadWriteOnce"],
                storageClassName: storageClass,
                resources: .init(requests: ResourceQuantities(storage: quantity.canonicalDescription))
            )
        )
    }

    private static func positiveQuantity(_ text: String, field: String) throws(KubernetesObjectError) -> Quantity {
        guard let quantity = Quantity(text), quantity.isPositive else {
            throw .invalidQuantity(field: field, value: text)
        }
        return quantity
    }
}
