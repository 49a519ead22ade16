import Testing

@testable import ClaudeManager

@Suite("Git provider from a repository URL")
struct GitProviderTests {
    @Test(arguments: [
        ("https://github.com/acme/app.git", GitProvider.github),
        ("git@github.com:acme/app.git", .github),
        ("ssh://git@GitHub.com/acme/app.git", .github),
        ("https://gitlab.com/acme/app.git", .gitlab),
        ("git@gitlab.example.org:acme/app.git", .gitlab),
        ("git@example.org:acme/app.git", .other),
        ("https://gitlab.acme.io/team/app.git", .gitlab),
        ("https://bitbucket.org/acme/app.git", .bitbucket),
        ("git@bitbucket.org:acme/app.git", .bitbucket),
        ("file:///srv/git/app.git", .other),
        ("https://git.acme.io/app.git", .other),
    ])
    func provider(repository: String, expected: GitProvider) {
        #expect(GitProvider(repository: repository) == expected)
    }
}
