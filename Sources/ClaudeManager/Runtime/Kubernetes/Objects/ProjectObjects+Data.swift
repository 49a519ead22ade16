import Crypto
import Foundation

extension ProjectObjects {
    /// How the pod authenticates to git, as `GIT_AUTH_TYPE` says it.
    static func gitAuthType(of secret: GitSecret) -> String {
        switch secret {
        case .token: "token"
        case .sshKey: "ssh"
        case .none: "none"
        }
    }

    /// The Secret's values in clear: the project's secrets, the git credential and the Jira API key.
    static func secretData(of workload: Workload, settings: KubernetesObjectSettings) -> [String: String] {
        var data: [String: String] = [:]
        for name in ProjectSecretName.allCases {
            if let value = workload.secrets[name], !value.isEmpty {
                data[name.rawValue] = value
            }
        }
        switch workload.gitSecret {
        case .token(let username, let token):
            data["GIT_USERNAME"] = username
            data["GIT_TOKEN"] = token
        case .sshKey(let privateKey):
            data["SSH_PRIVATE_KEY"] = privateKey
            if let publicKey = SSHPublicKey(openSSHPrivateKey: privateKey) {
                data["SSH_PUBLIC_KEY"] = publicKey.description
            }
        case .none:
            break
        }
        if let jira = settings.jira {
            data["JIRA_API_KEY"] = jira.apiKey
        }
        return data
    }

    /// The ConfigMap's values: repository, project identity and the Jira settings that are not secret.
    static func configData(of workload: Workload, settings: KubernetesObjectSettings) -> [String: String] {
        let project = workload.project
        var data = [
            "GIT_REPOSITORY": project.gitRepository,
            "GIT_AUTH_TYPE": gitAuthType(of: workload.gitSecret),
            "PROJECT_NAME": project.name,
            "PROJECT_SHORT_NAME": project.shortName,
        ]
        if let jira = settings.jira {
            data["JIRA_BASE_URL"] = jira.baseURL
            data["JIRA_EMAIL"] = jira.email
            data["JIRA_PROJECT_KEYS"] = jira.projectKeys.joined(separator: ",")
        }
        return data
    }

    /// Hex SHA-256 over both maps in a canonical order: each map's tag, then its entries sorted by key, every
    /// string preceded by its UTF-8 length as a big-endian 64-bit number so no two inputs share an encoding.
    ///
    /// The digest sits in a pod annotation that anyone able to read pods can see; the API key and tokens in the
    /// input make guessing a password from it impractical.
    package static func configChecksum(secretData: [String: String], configData: [String: String]) -> String {
        var hasher = SHA256()
        func feed(_ text: String) {
            let bytes = Data(text.utf8)
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        for (tag, data) in [("Secret", secretData), ("ConfigMap", configData)] {
            feed(tag)
            feed(String(data.count))
            for (key, value) in data.sorted(by: { $0.key < $1.key }) {
                feed(key)
                feed(value)
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
