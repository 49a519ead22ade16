import Foundation
import Testing

@testable import ClaudeManager

@Suite("Quantity canonical form and limit derivation")
struct KubernetesObjectsQuantityTests {
    /// Written form → what the API server returns (PROTOCOLS.md 3.8 and apimachinery's rules).
    @Test(arguments: [
        ("1", "1"), ("2", "2"), ("0", "0"), ("0m", "0"), ("0Gi", "0"),
        ("500m", "500m"), ("1.5", "1500m"), ("0.5", "500m"), ("2000m", "2"), ("1000", "1k"), ("1024", "1024"),
        ("1500", "1500"), ("0.1", "100m"), ("1.0001", "1000100u"), ("100m", "100m"), ("0.0000000001", "1n"),
        ("1.5n", "2n"), ("1000k", "1M"), ("1e3", "1e3"), ("2000e-3", "2"), ("1.5e3", "1500"), ("12e6", "12e6"),
        ("1E", "1E"), ("1.5e0", "1500e-3"),
        ("2048Mi", "2Gi"), ("1.5Gi", "1536Mi"), ("0.25Gi", "256Mi"), ("512Mi", "512Mi"), ("1536Mi", "1536Mi"),
        ("1024Gi", "1Ti"), ("1Ki", "1Ki"), ("1.5Ki", "1536"), ("0.5Ki", "512"), ("0.3Ki", "307200m"),
        ("10Gi", "10Gi"), ("+1Gi", "1Gi"), ("-1", "-1"), ("-500m", "-500m"), ("-2048Mi", "-2Gi"),
    ])
    func canonicalForm(_ written: String, _ canonical: String) throws {
        let quantity = try #require(Quantity(written))
        #expect(quantity.canonicalDescription == canonical)
    }

    @Test(arguments: [
        ("1", QuantityFormat.decimalSI), ("500m", .decimalSI), ("2G", .decimalSI), ("1E", .decimalSI),
        ("512Mi", .binarySI), ("1e3", .decimalExponent), ("1E3", .decimalExponent), ("-2Ki", .binarySI),
    ])
    func formatFollowsTheSuffix(_ written: String, _ format: QuantityFormat) throws {
        #expect(try #require(Quantity(written)).format == format)
    }

    /// Request → limit at twice the request.
    @Test(arguments: [
        ("1", "2"), ("500m", "1"), ("1.5", "3"), ("512Mi", "1Gi"), ("2Gi", "4Gi"), ("1536Mi", "3Gi"),
        ("750m", "1500m"), ("100m", "200m"), ("0.25", "500m"), ("1e3", "2e3"), ("2G", "4G"), ("600Mi", "1200Mi"),
        ("0.5Ki", "1Ki"), ("3", "6"),
    ])
    func limitIsTwiceTheRequest(_ request: String, _ limit: String) throws {
        let doubled = try #require(Quantity(request)).multiplied(by: 2)
        #expect(doubled.description == limit)
        #expect(doubled.value == (try #require(Quantity(limit))).value)
    }

    @Test func canonicalFormParsesBackToTheSameValue() throws {
        for text in ["1.5", "1536Mi", "0.3Ki", "1.0001", "12e6", "2000m", "1.5e0"] {
            let quantity = try #require(Quantity(text))
            let reparsed = try #require(Quantity(quantity.canonicalDescription))
            #expect(reparsed.value == quantity.value, "\(text) → \(quantity.canonicalDescription)")
        }
    }
}
