import Foundation
import Testing

@testable import ClaudeManager

@Suite("Objects of one project")
struct KubernetesObjectsProjectTests {
    typealias Fixtures = KubernetesObjectsFixtures

    static func objects(
        project: Project = Fixtures.project,
        secrets: [ProjectSecretName: String] = Fixtures.secrets,
        gitSecret: GitSecret = Fixtures.gitSecret,
        settings: KubernetesObjectSettings = Fixtures.settings,
        keepVolumesOnDelete: Bool? = nil
    ) throws -> ProjectObjects {
        try ProjectObjects(
            workload: Workload(project: project, secrets: secrets, gitSecret: gitSecret),
            settings: settings,
            keepVolumesOnDelete: keepVolumesOnDelete
        )
    }

    static func claimTemplates(_ objects: ProjectObjects) throws -> [PersistentVolumeClaimObject] {
        try #require(objects.statefulSet.spec?.volumeClaimTemplates)
    }

    static func container(_ objects: ProjectObjects) throws -> ContainerSpec {
        try #require(objects.statefulSet.spec?.template?.spec?.containers?.first)
    }

    @Test func storageClassFallsBackFromProjectToDefaultToNone() throws {
        var project = Fixtures.project
        var settings = Fixtures.settings
        #expect(try Self.claimTemplates(Self.objects()).map(\.spec?.storageClassName) == ["fast-ssd", "fast-ssd"])

        project.storage.storageClass = nil
        let fromDefault = try Self.objects(project: project, settings: settings)
        #expect(try Self.claimTemplates(fromDefault).map(\.spec?.storageClassName) == ["standard", "standard"])

        project.storage.storageClass = ""
        settings.defaultStorageClass = nil
        let omitted = try Self.objects(project: project, settings: settings)
        #expect(try Self.claimTemplates(omitted).allSatisfy { $0.spec?.storageClassName == nil })
        #expect(try !omitted.statefulSet.yaml().contains("storageClassName"))

        settings.defaultStorageClass = ""
        let emptyDefault = try Self.objects(project: project, settings: settings)
        #expect(try !emptyDefault.statefulSet.yaml().contains("storageClassName"))
    }

    @Test func claimSizesComeFromTheProjectAndTheSettings() throws {
        var project = Fixtures.project
        var settings = Fixtures.settings
        project.storage.size = ""
        settings.defaultWorkspaceSize = "20480Mi"
        settings.defaultConfigSize = "0.5Gi"
        let templates = try Self.claimTemplates(Self.objects(project: project, settings: settings))
        #expect(templates.map(\.metadata?.name) == ["workspace", "config"])
        #expect(templates.map(\.spec?.resources?.requests?.storage) == ["20Gi", "512Mi"])
        #expect(templates.allSatisfy { $0.spec?.accessModes == ["ReadWriteOnce"] })
        #expect(templates.allSatisfy { $0.apiVersion == nil && $0.kind == nil })
    }

    @Test(
        arguments: [
            (nil, nil, "Retain"), (nil, false, "Delete"), (nil, true, "Retain"), (false, nil, "Delete"),
            (true, false, "Delete"), (false, true, "Retain"),
        ] as [(Bool?, Bool?, String)]
    )
    func keepVolumesDecidesWhenDeleted(_ projectChoice: Bool?, _ argument: Bool?, _ whenDeleted: String) throws {
        var project = Fixtures.project
        project.keepVolumesOnDelete = projectChoice
        let policy = try Self.objects(project: project, keepVolumesOnDelete: argument)
            .statefulSet.spec?.persistentVolumeClaimRetentionPolicy
        #expect(policy == StatefulSetObject.RetentionPolicy(whenDeleted: whenDeleted, whenScaled: "Retain"))
    }

    @Test func checksumFollowsSecretsAndSettingsOnly() throws {
        let base = try Self.objects()
        let annotation = base.statefulSet.spec?.template?.metadata?.annotations?[
            ProjectObjects.configChecksumAnnotation
        ]
        #expect(annotation == base.configChecksum)
        #expect(base.configChecksum.count == 64)
        #expect(try Self.objects().configChecksum == base.configChecksum)

        var secrets = Fixtures.secrets
        secrets[.anthropicAPIKey] = "sk-ant-api03-rotated"
        var renamed = Fixtures.project
        renamed.name = "Payments"
        var otherRepository = Fixtures.project
        otherRepository.gitRepository = "https://github.com/example/other.git"
        var otherJira = Fixtures.settings
        otherJira.jira?.email = "bot@example.com"
        var noJira = Fixtures.settings
        noJira.jira = nil
        var noCodeServerPassword = Fixtures.secrets
        noCodeServerPassword[.codeServerPassword] = nil
        let changed = [
            try Self.objects(secrets: secrets),
            try Self.objects(secrets: noCodeServerPassword),
            try Self.objects(gitSecret: .token(username: "payments-bot", token: "ghp_rotated")),
            try Self.objects(gitSecret: .none),
            try Self.objects(project: renamed),
            try Self.objects(project: otherRepository),
            try Self.objects(settings: otherJira),
            try Self.objects(settings: noJira),
        ]
        for objects in changed {
            #expect(objects.configChecksum != base.configChecksum)
        }
        #expect(Set(changed.map(\.configChecksum)).count == changed.count)

        var resized = Fixtures.project
        resized.resources = ResourceRequirements(cpu: "4", memory: "8Gi")
        resized.storage = StorageRequirements(size: "50Gi", storageClass: nil)
        resized.status = .stopped
        resized.desiredState = .stopped
        resized.updatedAt = Date()
        var otherImage = Fixtures.settings
        otherImage.image = "ghcr.io/example/claude-dev-env:2.0.0"
        otherImage.defaultStorageClass = nil
        for objects in [try Self.objects(project: resized), try Self.objects(settings: otherImage)] {
            #expect(objects.configChecksum == base.configChecksum)
        }
    }

    @Test func checksumSeparatesKeysFromValues() {
        let first = ProjectObjects.configChecksum(secretData: ["AB": "C"], configData: [:])
        let second = ProjectObjects.configChecksum(secretData: ["A": "BC"], configData: [:])
        let moved = ProjectObjects.configChecksum(secretData: [:], configData: ["AB": "C"])
        #expect(Set([first, second, moved]).count == 3)
    }

    @Test func secretValuesAppearOnlyInTheSecret() throws {
        let objects = try Self.objects()
        let secretYAML = try objects.secret.yaml()
        for object in [objects.configMap, objects.service, objects.statefulSet, objects.networkPolicy]
            as [any ManifestObject]
        {
            let yaml = try object.yaml()
            let json = String(decoding: try object.applyBody(), as: UTF8.self)
            for value in Fixtures.secretValues {
                #expect(
                    !yaml.contains(value) && !json.contains(value),
                    "a secret value leaked into \(object.kind ?? "")"
                )
                #expect(!yaml.contains(Data(value.utf8).base64EncodedString()))
            }
        }
        for value in Fixtures.secretValues {
            #expect(!secretYAML.contains(value), "the Secret must hold base64 data only")
        }
        #expect(objects.secret.type == "Opaque")
        #expect(objects.secret.value(of: "ANTHROPIC_API_KEY") == Fixtures.secrets[.anthropicAPIKey])
        #expect(objects.secret.value(of: "SUDO_PASSWORD") == Fixtures.secrets[.sudoPassword])
        #expect(objects.secret.value(of: "CODE_SERVER_PASSWORD") == Fixtures.secrets[.codeServerPassword])
        #expect(objects.secret.value(of: "GIT_USERNAME") == "payments-bot")
        #expect(objects.secret.value(of: "GIT_TOKEN") == "ghp_sampleToken0123456789")
        #expect(objects.secret.value(of: "JIRA_API_KEY") == Fixtures.jira.apiKey)
        #expect(objects.configMap.data?["JIRA_PROJECT_KEYS"] == "PAY,OPS")
        #expect(objects.configMap.data?["GIT_AUTH_TYPE"] == "token")
    }

    @Test func optionalSecretsAndJiraAreLeftOutWhenAbsent() throws {
        var settings = Fixtures.settings
        settings.jira = nil
        let objects = try Self.objects(secrets: [.anthropicAPIKey: "sk-ant-only"], gitSecret: .none, settings: settings)
        #expect(objects.secret.data?.sortedKeys == ["ANTHROPIC_API_KEY"])
        #expect(
            objects.configMap.data?.sortedKeys == [
                "GIT_AUTH_TYPE", "GIT_REPOSITORY", "PROJECT_NAME", "PROJECT_SHORT_NAME",
            ]
        )
        #expect(objects.configMap.data?["GIT_AUTH_TYPE"] == "none")
        let empty = try Self.objects(secrets: [:], gitSecret: .none, settings: settings)
        #expect(empty.secret.data == nil)
    }

    @Test(.enabled(if: TestEnvironment.runsSSHKeygenTests, "ssh-keygen is not installed"))
    func sshKeysGoToTheSecretWithTheirPublicHalf() throws {
        let key = try KubernetesObjectsSSHKeyTests.makeKey(type: "ed25519")
        let objects = try Self.objects(gitSecret: .sshKey(privateKey: key.privateKey))
        #expect(objects.secret.value(of: "SSH_PRIVATE_KEY") == key.privateKey)
        #expect(objects.secret.value(of: "SSH_PUBLIC_KEY") == key.publicKey)
        #expect(objects.secret.value(of: "GIT_TOKEN") == nil)
        #expect(objects.configMap.data?["GIT_AUTH_TYPE"] == "ssh")
        #expect(try !objects.configMap.yaml().contains("PRIVATE KEY"))

        let pem = try Self.objects(
            gitSecret: .sshKey(privateKey: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----")
        )
        #expect(pem.secret.value(of: "SSH_PRIVATE_KEY") != nil)
        #expect(pem.secret.value(of: "SSH_PUBLIC_KEY") == nil)
    }

    @Test func labelsAndSelectorsAreConsistent() throws {
        let objects = try Self.objects()
        let expected: StringMap = [
            "app.kubernetes.io/name": "claude-dev-env",
            "app.kubernetes.io/instance": "pay-17",
            "app.kubernetes.io/managed-by": "claude-manager",
            "claude-manager.io/project-id": Fixtures.project.id,
        ]
        let selector: StringMap = ["app.kubernetes.io/name": "claude-dev-env", "app.kubernetes.io/instance": "pay-17"]
        #expect(objects.labels == expected)
        #expect(objects.selectorLabels == selector)
        for object in objects.all {
            #expect(object.metadata?.labels == expected)
            #expect(object.metadata?.namespace == "claude-envs")
            #expect(object.apiVersion != nil && object.kind != nil && object.metadata?.name != nil)
        }
        let spec = try #require(objects.statefulSet.spec)
        #expect(spec.selector?.matchLabels == selector)
        #expect(spec.template?.metadata?.labels == expected)
        #expect(try Self.claimTemplates(objects).allSatisfy { $0.metadata?.labels == expected })
        #expect(objects.service.spec?.selector == selector)
        #expect(objects.networkPolicy.spec?.podSelector.matchLabels == selector)
        #expect(ProjectObjects.managedBySelector == "app.kubernetes.io/managed-by=claude-manager")
    }

    @Test func namesFollowTheShortName() throws {
        let names = try Self.objects().names
        #expect(names.statefulSet == "project-pay-17")
        #expect(names.configMap == "project-pay-17")
        #expect(names.secret == "project-pay-17-secrets")
        #expect(names.service == "project-pay-17-service")
        #expect(names.networkPolicy == "project-pay-17-agent")
        #expect(names.pod == "project-pay-17-0")
        #expect(names.persistentVolumeClaims == ["workspace-project-pay-17-0", "config-project-pay-17-0"])
        let objects = try Self.objects()
        #expect(objects.statefulSet.spec?.serviceName == names.service)
        #expect(
            try Self.container(objects).envFrom?.map { $0.secretRef?.name ?? $0.configMapRef?.name } == [
                names.secret, names.configMap,
            ]
        )
    }

    @Test(arguments: [40, 44])
    func longShortNamesStayWithinTheLimits(_ length: Int) throws {
        var project = Fixtures.project
        project.shortName = "a" + String(repeating: "b1-", count: 20).prefix(length - 2) + "z"
        #expect(project.shortName.count == length)
        let names = try Self.objects(project: project).names
        #expect(names.statefulSet.count <= 52)
        #expect(names.service.count <= 63 && names.pod.count <= 63)
        for name in [names.secret, names.networkPolicy] + names.persistentVolumeClaims {
            #expect(name.count <= 253)
        }
    }

    @Test(arguments: [String(repeating: "a", count: 45), "Pay", "-pay", "pay-", "pay_17", ""])
    func invalidShortNamesAreRejected(_ shortName: String) {
        var project = Fixtures.project
        project.shortName = shortName
        #expect(throws: KubernetesObjectError.invalidName("project-\(shortName)")) {
            try Self.objects(project: project)
        }
    }

    @Test func invalidQuantitiesAndLabelValuesAreRejected() {
        var project = Fixtures.project
        project.resources.cpu = "lots"
        #expect(throws: KubernetesObjectError.invalidQuantity(field: "resources.cpu", value: "lots")) {
            try Self.objects(project: project)
        }
        project = Fixtures.project
        project.resources.memory = "0"
        #expect(throws: KubernetesObjectError.invalidQuantity(field: "resources.memory", value: "0")) {
            try Self.objects(project: project)
        }
        project = Fixtures.project
        project.id = "not a label value"
        #expect(throws: KubernetesObjectError.invalidLabelValue(key: ProjectObjects.projectIDLabel, value: project.id))
        {
            try Self.objects(project: project)
        }
    }

    @Test func statefulSetNeverNamesReplicas() throws {
        let objects = try Self.objects()
        #expect(objects.statefulSet.spec?.replicas == nil)
        #expect(try !objects.statefulSet.yaml().contains("replicas"))
        #expect(objects.statefulSet.status == nil)
        #expect(try !objects.statefulSet.yaml().contains("managedFields"))
    }

    @Test func containerRunsTheAgentAsDocumented() throws {
        let container = try Self.container(Self.objects())
        #expect(
            container.args == [
                "agentapi", "server", "--type", "claude", "--port", "3284", "--allowed-hosts", "*",
                "--state-file", "/home/coder/config/agentapi.json", "--pid-file", "/home/coder/config/agentapi.pid",
                "--", "claude",
            ]
        )
        #expect(container.resources?.requests == ResourceQuantities(cpu: "1500m", memory: "1536Mi"))
        #expect(container.resources?.limits == ResourceQuantities(cpu: "3", memory: "3Gi"))
        #expect(container.lifecycle?.preStop?.exec?.command?.last?.contains("kill -USR1") == true)
        #expect(container.volumeMounts?.map(\.name) == ["workspace", "config"])
        #expect(container.ports?.map(\.containerPort) == [8443, 3284, 3000])
        let pod = try #require(try Self.objects().statefulSet.spec?.template?.spec)
        #expect((pod.terminationGracePeriodSeconds ?? 0) >= 15)
    }

    @Test func sudoCanBeAllowed() throws {
        var settings = Fixtures.settings
        #expect(try Self.container(Self.objects(settings: settings)).securityContext?.allowPrivilegeEscalation == false)
        settings.permitsSudo = true
        let context = try Self.container(Self.objects(settings: settings)).securityContext
        #expect(context?.allowPrivilegeEscalation == true)
        #expect(context?.capabilities?.drop == ["ALL"])
        #expect(context?.capabilities?.add?.contains("SETUID") == true)
    }

    @Test func applyBodiesDecodeBackToTheSameObjects() throws {
        let objects = try Self.objects()
        let decoder = JSONDecoder()
        #expect(try decoder.decode(SecretObject.self, from: objects.secret.applyBody()) == objects.secret)
        #expect(try decoder.decode(ConfigMapObject.self, from: objects.configMap.applyBody()) == objects.configMap)
        #expect(try decoder.decode(ServiceObject.self, from: objects.service.applyBody()) == objects.service)
        #expect(
            try decoder.decode(StatefulSetObject.self, from: objects.statefulSet.applyBody()) == objects.statefulSet
        )
        #expect(
            try decoder.decode(NetworkPolicyObject.self, from: objects.networkPolicy.applyBody())
                == objects.networkPolicy
        )
    }
}
