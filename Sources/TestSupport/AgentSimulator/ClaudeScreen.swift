/// The terminal text the simulated Claude Code shows: its welcome screen and deterministic replies.
enum ClaudeScreen {
    /// Message 0: Claude Code's welcome box and tips, as AgentAPI records the startup screen.
    static func welcome(workingDirectory: String) -> String {
        let boxLines = [
            "✻ Welcome to Claude Code!",
            "",
            "  /help for help, /status for your current setup",
            "",
            "  cwd: \(workingDirectory)",
        ]
        let width = max(49, boxLines.map(\.count).max() ?? 0) + 2
        let horizontal = String(repeating: "─", count: width)
        var lines = ["╭\(horizontal)╮"]
        for line in boxLines {
            lines.append("│ \(line)\(String(repeating: " ", count: width - 1 - line.count))│")
        }
        lines.append("╰\(horizontal)╯")
        lines += [
            "",
            " Tips for getting started:",
            "",
            " 1. Run /init to create a CLAUDE.md file with instructions for Claude",
            " 2. Use Claude to help with file analysis, editing, bash commands and git",
            " 3. Be as specific as you would with another engineer for the best results",
        ]
        return lines.joined(separator: "\n")
    }

    /// The successive full texts of the agent's reply to `prompt`, each extending the one before.
    static func replySteps(to prompt: String) -> [String] {
        let paragraphs = [
            "● I received: \(prompt).",
            "● Read(README.md)\n  ⎿  Read 42 lines (ctrl+r to expand)",
            "● This is a simulated reply from agent-simulator; no files were changed.",
        ]
        return paragraphs.indices.map { paragraphs[...$0].joined(separator: "\n\n") }
    }

    /// What Claude Code prints when Esc interrupts a turn.
    static let interruption = "  ⎿  Interrupted by user"
}
