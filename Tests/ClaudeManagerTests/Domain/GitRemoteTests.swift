import Foundation
import Testing

@testable import ClaudeManager

/// Repository addresses are parsed strictly, and credentials bind to hosts exactly.
@Suite("Repository addresses")
struct GitRemoteTests {
    @Test(arguments: [
        ("https://github.com/acme/app.git", GitRemote.Transport.https, "github.com", 443),
        ("git@github.com:acme/app.git", .ssh, "github.com", 22),
        ("github.com:acme/app.git", .ssh, "github.com", 22),
        ("ssh://git@GitLab.com:2222/acme/app.git", .ssh, "gitlab.com", 2222),
        ("http://127.0.0.1:8080/app.git", .http, "127.0.0.1", 8080),
        ("file:///srv/git/app.git", .file, "", 0),
    ])
    func accepted(url: String, transport: GitRemote.Transport, host: String, port: Int) throws {
        let remote = try GitRemote(parsing: url)
        #expect(remote.transport == transport)
        #expect(remote.host == host)
        #expect(remote.effectivePort == port)
    }

    @Test(arguments: [
        "ext::sh -c touch% /tmp/pwned", "ext::ssh -oProxyCommand=x host", "fd::3", "http::https://host/repo.git",
        "https::github.com/acme/app", "-uhttps://host/r.git", "--upload-pack=touch /tmp/x", "ssh://-oProxyCommand=x/r",
        "git@-oProxyCommand=x:repo", "-oProxyCommand=x:repo", "ssh://host/-repo", "https://host/org/--upload-pack=x",
        "https://host/r%0a.git", "https://host/r%00.git", "ftp://host/r.git", "git://host/r.git", "rsync://host/r",
        "http://example.com/r.git", "file://host/srv/r.git", "file:///srv/../etc", "/srv/git/app.git", "./app",
        "https://u:p@host/r.git", "https://host/r.git?x=1", "https://", "", "https://ho st/r",
    ])
    func refused(url: String) {
        #expect(throws: GitRemote.Problem.self) { try GitRemote(parsing: url) }
    }

    @Test func bindingsMatchHostAndPortExactly() throws {
        let github = try #require(GitHostBinding("github.com"))
        #expect(github.permits(try GitRemote(parsing: "https://github.com/a/b.git")))
        #expect(github.permits(try GitRemote(parsing: "git@github.com:a/b.git")))
        #expect(github.permits(try GitRemote(parsing: "https://github.com:443/a/b.git")))
        #expect(!github.permits(try GitRemote(parsing: "https://github.com:8443/a/b.git")))
        #expect(!github.permits(try GitRemote(parsing: "https://github.com.evil.example/a/b.git")))
        #expect(!github.permits(try GitRemote(parsing: "https://api.github.com/a/b.git")))
        let local = try #require(GitHostBinding("127.0.0.1:8080"))
        #expect(local.permits(try GitRemote(parsing: "http://127.0.0.1:8080/r.git")))
        #expect(!local.permits(try GitRemote(parsing: "http://127.0.0.1:8081/r.git")))
        #expect(!local.permits(try GitRemote(parsing: "http://127.0.0.1/r.git")))
        #expect(!local.permits(try GitRemote(parsing: "file:///srv/r.git")))
        #expect(GitHostBinding("-oProxy") == nil)
        #expect(GitHostBinding("host:99999") == nil)
        #expect(GitHostBinding("a b") == nil)
        #expect(GitHostBinding.bindings(column: "github.com 127.0.0.1:8080") == [github, local])
    }

    @Test func fileRepositoriesOnlyUnderTheListedRoots() throws {
        let root = try TestEnvironment.makeTemporaryDirectory("cm-roots")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let allowed = (root as NSString).appendingPathComponent("allowed")
        let outside = (root as NSString).appendingPathComponent("allowed-not")
        try FileManager.default.createDirectory(atPath: allowed, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        // A link inside the root that points outside it does not count as inside.
        let link = (allowed as NSString).appendingPathComponent("escape")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)

        #expect(throws: GitRemote.Problem.self) {
            try RepositoryPolicy(localRoots: []).remote(for: "file://\(allowed)/r")
        }
        let policy = RepositoryPolicy(localRoots: [allowed])
        #expect(throws: Never.self) { try policy.remote(for: "file://\(allowed)/r.git") }
        #expect(throws: Never.self) { try policy.remote(for: "https://github.com/a/b.git") }
        for refused in ["file://\(outside)/r.git", "file:///etc", "file://\(link)/r.git", "file://\(allowed)-not/x"] {
            #expect(throws: GitRemote.Problem.self, "\(refused)") { try policy.remote(for: refused) }
        }
    }

    @Test func partialClonesBelongToOneProjectOnly() {
        let workspace = "/data/workspaces/app"
        #expect(GitCloner.isPartialClone(".partial-app-0a1b2c3d", of: workspace))
        #expect(!GitCloner.isPartialClone(".partial-app-2-0a1b2c3d", of: workspace))
        #expect(!GitCloner.isPartialClone(".partial-app-0a1b2c3d-x", of: workspace))
        #expect(GitCloner.isPartialClone(".partial-app-2-0a1b2c3d", of: "/data/workspaces/app-2"))
    }
}
