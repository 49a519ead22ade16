import Hummingbird

extension Request {
    /// The `Host` header (HTTP/1) or `:authority`, as huma sees it.
    var host: String { head.authority ?? "" }
}
