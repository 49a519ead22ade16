import Foundation

/// A Kubernetes resource quantity (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`) with its exact decimal value.
package struct Quantity: Sendable, Equatable, CustomStringConvertible {
    /// The text as written.
    package var description: String
    /// The exact value in base units (cores, bytes).
    package var value: Decimal

    private static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]
    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]

    /// Parses `text`, returning `nil` when it is not a quantity.
    package init?(_ text: String) {
        guard !text.isEmpty, text.count <= 64 else { return nil }
        var number = Substring(text)
        if number.first == "+" || number.first == "-" { number = number.dropFirst() }
        let numberEnd = number.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? number.endIndex
        let digits = number[..<numberEnd]
        let suffix = String(number[numberEnd...])
        guard digits.contains(where: \.isNumber), digits.filter({ $0 == "." }).count <= 1,
            let magnitude = Decimal(string: String(digits), locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        let sign: Decimal = text.hasPrefix("-") ? -1 : 1
        let multiplier: Decimal
        if let power = Self.binarySuffixes[suffix] {
            multiplier = pow(Decimal(2), power)
        } else if let exponent = Self.decimalSuffixes[suffix] {
            multiplier = Self.powerOfTen(exponent)
        } else if let exponent = Self.scientificExponent(suffix) {
            multiplier = Self.powerOfTen(exponent)
        } else {
            return nil
        }
        self.description = text
        self.value = sign * magnitude * multiplier
    }

    private static func scientificExponent(_ suffix: String) -> Int? {
        guard let first = suffix.first, first == "e" || first == "E" else { return nil }
        let rest = suffix.dropFirst()
        guard !rest.isEmpty, rest.count <= 3, let exponent = Int(rest) else { return nil }
        return exponent
    }

    private static func powerOfTen(_ exponent: Int) -> Decimal {
        exponent >= 0 ? pow(Decimal(10), exponent) : 1 / pow(Decimal(10), -exponent)
    }

    package var isPositive: Bool { value > 0 }
}
