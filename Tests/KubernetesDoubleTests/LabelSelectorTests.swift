import KubernetesDouble
import TestSupport
import Testing

@Suite("Label and field selectors")
struct LabelSelectorTests {
    @Test("parses each requirement form")
    func parses() throws {
        let selector = try LabelSelector(parsing: "a=1, b!=2,c in (x, y),d notin (z),e,!f")
        #expect(
            selector.requirements == [
                .equals("a", "1"), .notEquals("b", "2"), .isIn("c", ["x", "y"]), .isNotIn("d", ["z"]), .exists("e"),
                .doesNotExist("f"),
            ]
        )
    }

    @Test("rejects garbage with 400")
    func rejects() {
        #expect(throws: KubernetesAPIError.self) { try LabelSelector(parsing: "a in b") }
    }

    @Test("field selectors compare strings at dotted paths")
    func fieldSelector() throws {
        let selector = try FieldSelector(parsing: "involvedObject.kind=Pod,involvedObject.name!=p-1")
        #expect(selector.matches(["involvedObject": ["kind": "Pod", "name": "p-0"]]))
        #expect(!selector.matches(["involvedObject": ["kind": "Pod", "name": "p-1"]]))
    }
}
