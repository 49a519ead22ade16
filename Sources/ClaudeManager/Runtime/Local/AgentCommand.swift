import Foundation

/// The command line that starts a project's agent, from `AGENT_COMMAND`.
package struct AgentCommand: Sendable, Equatable {
    package static let defaultTemplate = "agentapi server --type claude --port {port} -- claude"
    package static let simulatorKeyword = "simulator"

    /// The words of the template, `{port}` not yet replaced.
    package var words: [String]
    package var isSimulator: Bool
    /// Where the bundled `agent-simulator` is, whether or not this command uses it.
    package var simulatorPath: String

    /// Parses `template`; `simulator` means the `agent-simulator` at `simulatorPath`.
    package init(template: String, simulatorPath: String) {
        let trimmed = template.trimmingCharacters(in: .whitespaces)
        self.simulatorPath = simulatorPath
        if trimmed == Self.simulatorKeyword {
            self.words = [simulatorPath, "--port", "{port}"]
            self.isSimulator = true
        } else {
            self.words = Self.split(trimmed)
            self.isSimulator = false
        }
    }

    /// The executable and its arguments for an agent listening on `port`.
    package func argv(port: Int) -> [String] {
        words.map { $0.replacingOccurrences(of: "{port}", with: String(port)) }
    }

    /// The binaries that must exist: the executable and, after `--`, the wrapped agent (`claude`).
    package var requiredBinaries: [String] {
        var binaries = Array(words.prefix(1))
        if let separator = words.firstIndex(of: "--"), separator + 1 < words.count {
            binaries.append(words[separator + 1])
        }
        return binaries
    }

    /// The executables a sandbox must show: the required binaries and every other word that is an absolute path
    /// of an executable file (`sh -c '…' /opt/agent/run`).
    package var executables: [String] {
        let absolute = words.dropFirst().filter { word in
            word.hasPrefix("/") && !requiredBinaries.contains(word)
                && FileManager.default.isExecutableFile(atPath: word)
                && !ExecutableLocator.isDirectory(word)
        }
        return requiredBinaries + absolute
    }

    /// Splits a command line on spaces, honouring single and double quotes.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var hasWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                hasWord = true
            } else if character == " " || character == "\t" {
                if hasWord || !current.isEmpty { words.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
            }
        }
        if hasWord || !current.isEmpty { words.append(current) }
        return words
    }
}

/// Finds executables the way a shell does.
package enum ExecutableLocator {
    /// The full path of `name` (searched on `PATH` unless it contains a slash), or `nil` when absent.
    package static func locate(_ name: String, path: String) -> String? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? name : nil
        }
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
