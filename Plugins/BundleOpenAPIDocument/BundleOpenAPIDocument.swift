import Foundation
import PackagePlugin

/// Copies `Sources/ClaudeManagerAPI/openapi.yaml` into the target's resources, so the binary serves the very
/// document its API is generated from.
@main
struct BundleOpenAPIDocument: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let api = try context.package.targets(named: ["ClaudeManagerAPI"]).first else { return [] }
        let input = api.directoryURL.appending(path: "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "openapi.yaml")
        return [
            .buildCommand(
                displayName: "Bundling openapi.yaml",
                executable: URL(fileURLWithPath: "/bin/cp"),
                arguments: [input.path, output.path],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
