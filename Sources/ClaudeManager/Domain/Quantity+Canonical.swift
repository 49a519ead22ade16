import Foundation

/// How a quantity is written, which decides the suffixes of its canonical form.
package enum QuantityFormat: Sendable, Equatable {
    /// Decimal SI suffixes (`500m`, `2`, `1k`, `3G`); also quantities without a suffix.
    case decimalSI
    /// Binary suffixes (`512Mi`, `2Gi`).
    case binarySI
    /// A decimal exponent (`1e3`).
    case decimalExponent
}

extension Quantity {
    private static let binaryFormatSuffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
    private static let decimalFormatSuffixes: [Int: String] = [
        -9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E",
    ]
    /// The finest precision the API server keeps (nano); finer values are rounded up to it.
    private static let finestExponent = -9

    /// The format the API server infers from the suffix the quantity was written with.
    package var format: QuantityFormat {
        var number = Substring(description)
        if number.first == "+" || number.first == "-" { number = number.dropFirst() }
        let suffix = number.drop { $0.isASCII && ($0.isNumber || $0 == ".") }
        if Self.binaryFormatSuffixes.contains(String(suffix)) { return .binarySI }
        if suffix.count > 1, let first = suffix.first, first == "e" || first == "E" { return .decimalExponent }
        return .decimalSI
    }

    /// The text the API server returns for this quantity (`1.5` → `1500m`, `2048Mi` → `2Gi`).
    package var canonicalDescription: String {
        Self.canonicalDescription(of: value, format: format)
    }

    /// This quantity scaled by `factor`, written in its canonical form and keeping its format.
    package func multiplied(by factor: Decimal) -> Quantity {
        var result = self
        result.value = value * factor
        result.description = Self.canonicalDescription(of: result.value, format: format)
        return result
    }

    /// The canonical text of `value` in `format`, as the API server writes it.
    ///
    /// Binary quantities print as a whole number times the largest power of 1024 that divides them exactly; those
    /// below 1024 or with a fraction fall back to decimal SI. Decimal quantities print as a whole number times a
    /// power of ten that is a multiple of three, after rounding up to nano precision.
    package static func canonicalDescription(of value: Decimal, format: QuantityFormat) -> String {
        guard value != 0 else { return "0" }
        let sign = value < 0 ? "-" : ""
        let magnitude = roundedUpToNano(value < 0 ? -value : value)
        guard magnitude != 0 else { return "0" }
        if format == .binarySI, magnitude >= 1024, isWhole(magnitude) {
            var mantissa = magnitude
            var power = 0
            while power < binaryFormatSuffixes.count, mantissa >= 1024, isWhole(mantissa / 1024) {
                mantissa /= 1024
                power += 1
            }
            let suffix = power == 0 ? "" : binaryFormatSuffixes[power - 1]
            return sign + wholeNumberText(mantissa) + suffix
        }
        var mantissa = magnitude * powerOfTen(-finestExponent)
        var exponent = finestExponent
        while isWhole(mantissa / 10) {
            mantissa /= 10
            exponent += 1
        }
        let excess = ((exponent % 3) + 3) % 3
        mantissa *= powerOfTen(excess)
        exponent -= excess
        let suffix: String
        if format != .decimalExponent, let known = decimalFormatSuffixes[exponent] {
            suffix = known
        } else {
            suffix = exponent == 0 ? "" : "e\(exponent)"
        }
        return sign + wholeNumberText(mantissa) + suffix
    }

    private static func roundedUpToNano(_ value: Decimal) -> Decimal {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, -finestExponent, .up)
        return rounded
    }

    private static func isWhole(_ value: Decimal) -> Bool {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, .plain)
        return rounded == value
    }

    private static func powerOfTen(_ exponent: Int) -> Decimal {
        pow(Decimal(10), exponent)
    }

    /// Digits of a whole, non-negative decimal, without grouping or exponent.
    private static func wholeNumberText(_ value: Decimal) -> String {
        var input = value
        return NSDecimalString(&input, Locale(identifier: "en_US_POSIX"))
    }
}
