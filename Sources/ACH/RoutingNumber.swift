/// ABA routing transit numbers: nine digits, the last a check digit over the first eight with
/// weights 3-7-1.
public enum RoutingNumber {
    /// The check digit for the first eight digits of a routing number, or nil if `prefix` is not
    /// eight ASCII digits.
    public static func checkDigit(for prefix: some StringProtocol) -> Int? {
        let weights = [3, 7, 1, 3, 7, 1, 3, 7]
        var sum = 0
        var count = 0
        for b in prefix.utf8 {
            guard count < 8, b >= 48, b <= 57 else { return nil }
            sum += Int(b - 48) * weights[count]
            count += 1
        }
        guard count == 8 else { return nil }
        return (10 - sum % 10) % 10
    }

    /// True when `value` is exactly nine ASCII digits.
    public static func isNineDigits(_ value: some StringProtocol) -> Bool {
        var count = 0
        for b in value.utf8 {
            guard b >= 48, b <= 57 else { return false }
            count += 1
        }
        return count == 9
    }

    /// True when `value` is nine digits and its ninth digit is the ABA check digit.
    public static func isValid(_ value: some StringProtocol) -> Bool {
        guard isNineDigits(value) else { return false }
        let s = String(value)
        let last = Int(s.utf8.last! - 48)
        return checkDigit(for: s.prefix(8)) == last
    }

    /// The first two digits are a Federal Reserve routing symbol: 00–12 (banks), 21–32 (thrifts),
    /// 61–72 (electronic), 80 (traveler's checks).
    public static func hasValidFederalReserveSymbol(_ value: some StringProtocol) -> Bool {
        guard let symbol = Int(value.prefix(2)), value.utf8.count >= 2 else { return false }
        return (0...12).contains(symbol) || (21...32).contains(symbol) || (61...72).contains(symbol)
            || symbol == 80
    }
}
