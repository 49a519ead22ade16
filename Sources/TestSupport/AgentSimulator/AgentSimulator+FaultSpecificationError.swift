extension AgentSimulator {
    /// A fault specification that could not be read.
    package struct FaultSpecificationError: Error, CustomStringConvertible {
        /// The specification as given.
        package let specification: String
        /// What is wrong with it.
        package let reason: String

        package var description: String { "fault '\(specification)' \(reason)" }
    }
}
