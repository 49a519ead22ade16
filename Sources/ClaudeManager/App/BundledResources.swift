import Foundation

/// The web UI and the OpenAPI document that the build copies beside the executable, so the manager serves them
/// wherever it is started from (`PUBLIC_DIR` still points the UI elsewhere for UI work).
package enum BundledResources {
    /// The folder SwiftPM writes the ClaudeManager target's resources to, beside the built executables.
    static let bundleName = "claude-manager_ClaudeManager.resources"

    /// The resource folder: beside the running executable, else `nil` (a binary copied without it).
    static var directory: URL? {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let candidate = executable.deletingLastPathComponent().appendingPathComponent(bundleName)
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }

    /// The bundled web UI folder.
    package static var publicDirectory: String? {
        directory.map { $0.appendingPathComponent("Public").path }
    }

    /// The bundled `openapi.yaml`.
    package static var openAPIDocument: String? {
        directory.map { $0.appendingPathComponent("openapi.yaml").path }
    }
}
