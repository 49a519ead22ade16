import TestSupport
import Testing

@Suite("POST /message validation (huma problem bodies)", .timeLimit(.minutes(1)))
struct ValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let body: String
        let message: String
        let location: String
        var testDescription: String { body }
    }

    @Test(
        "schema violations answer 422",
        arguments: [
            Case(
                body: #"{"content":"hi","type":"user","extra":1}"#,
                message: "unexpected property",
                location: "body.extra"
            ),
            Case(
                body: #"{"content":"hi"}"#,
                message: "expected required property type to be present",
                location: "body"
            ),
            Case(
                body: #"{"type":"user"}"#,
                message: "expected required property content to be present",
                location: "body"
            ),
            Case(
                body: #"{"content":"hi","type":"shout"}"#,
                message: #"expected value to be one of "user, raw""#,
                location: "body.type"
            ),
            Case(body: #"{"content":5,"type":"user"}"#, message: "expected string", location: "body.content"),
            Case(body: #"["content"]"#, message: "expected object", location: "body"),
        ]
    )
    func schemaViolation(_ example: Case) async throws {
        try await SimulatorHarness.run { harness in
            let response = try await harness.postRaw(example.body)
            #expect(response.status == 422)
            #expect(response.contentType == "application/problem+json")
            let json = try response.json()
            #expect(json["title"] as? String == "Unprocessable Entity")
            #expect(json["status"] as? Int == 422)
            #expect(json["detail"] as? String == "validation failed")
            #expect(
                json["$schema"] as? String == "http://127.0.0.1:\(harness.port)/schemas/ErrorModel.json"
            )
            let errors = try response.problemErrors()
            #expect(errors.count == 1)
            #expect(errors.first?["message"] as? String == example.message)
            #expect(errors.first?["location"] as? String == example.location)
            #expect(errors.first?["value"] != nil)
        }
    }

    @Test("malformed JSON answers 400")
    func malformedJSON() async throws {
        try await SimulatorHarness.run { harness in
            let response = try await harness.postRaw(#"{"content": "#)
            #expect(response.status == 400)
            #expect(response.contentType == "application/problem+json")
            let json = try response.json()
            #expect(json["title"] as? String == "Bad Request")
            #expect(json["detail"] as? String == "validation failed")
            let error = try #require(try response.problemErrors().first)
            #expect(error["location"] as? String == "body")
            #expect(error["value"] as? String == #"{"content": "#)
        }
    }

    @Test("an empty body answers 400 request body is required")
    func emptyBody() async throws {
        try await SimulatorHarness.run { harness in
            let response = try await harness.postRaw("")
            #expect(response.status == 400)
            let json = try response.json()
            #expect(json["detail"] as? String == "request body is required")
            #expect(json["errors"] == nil)
        }
    }

    @Test("a body of 1 MiB or more answers 413")
    func bodyTooLarge() async throws {
        try await SimulatorHarness.run { harness in
            let padding = String(repeating: "a", count: 1 << 20)
            let response = try await harness.postRaw(#"{"content":"\#(padding)","type":"user"}"#)
            #expect(response.status == 413)
            let json = try response.json()
            #expect(json["title"] as? String == "Request Entity Too Large")
            #expect(json["detail"] as? String == "request body is too large limit=1048576 bytes")
        }
    }

    @Test("$schema and case-insensitive field names are accepted, as huma does")
    func tolerantFields() async throws {
        var configuration = AgentSimulator.Configuration.testing
        configuration.stableAfter = .seconds(60)
        try await SimulatorHarness.run(configuration) { harness in
            let body = #"{"$schema":"http://localhost/schemas/MessageRequestBody.json","Content":"1","Type":"raw"}"#
            let response = try await harness.postRaw(body)
            #expect(response.status == 200)
        }
    }
}
