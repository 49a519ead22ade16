import HTTPTypes

extension HTTPField.Name {
    /// `Link`, naming the JSON Schema of a huma body.
    static var link: Self { named("Link") }
    /// `Pragma`, set on the SSE response.
    static var pragma: Self { named("Pragma") }
    /// `X-Accel-Buffering`, set on the SSE response against nginx buffering.
    static var xAccelBuffering: Self { named("X-Accel-Buffering") }
    /// `X-Proxy-Buffering`, set on the SSE response against proxy buffering.
    static var xProxyBuffering: Self { named("X-Proxy-Buffering") }

    private static func named(_ name: String) -> Self {
        guard let field = Self(name) else {
            preconditionFailure("\(name) is a valid HTTP field name token")
        }
        return field
    }
}
