extension ProjectService {
    /// Creates a project for a Jira ticket, owned (and audited) as the configured service user, `JIRA_SERVICE_USER`:
    /// ticket authors are not users here, so nobody's own credentials or projects come into play.
    package func createFromJira(_ draft: ProjectDraft) async throws -> Project {
        guard let email = jiraServiceUser else {
            throw ProjectError.invalidState("JIRA_SERVICE_USER is not set, so no project can be created from Jira")
        }
        guard let owner = try await store.credentials(email: email)?.user, !owner.isDisabled, owner.role >= .member
        else {
            throw ProjectError.invalidState("JIRA_SERVICE_USER (\(email)) names no active member or admin")
        }
        return try await create(draft, by: owner)
    }
}
