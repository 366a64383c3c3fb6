/// Small text helpers shared by the rules.
enum TextChecks {
    /// NACHA alphanumeric fields accept printable ASCII only (0x20–0x7E): anything else is
    /// rejected by the ACH operator or garbled by the receiving bank's EBCDIC conversion.
    static func isNachaPrintable(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }

    /// The characters that are not printable ASCII, quoted for a message (at most three).
    static func badCharacters(_ text: String) -> String {
        var seen: [Character] = []
        for c in text where !isNachaPrintable(String(c)) && !seen.contains(c) {
            seen.append(c)
            if seen.count == 3 { break }
        }
        return seen.map { c in
            c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined()
        }.joined(separator: ", ")
    }

    /// A producer-supplied value quoted for a message: at most 20 characters, non-printable
    /// characters shown as `?`, so a garbage field cannot garble the rejection text.
    static func quoted(_ text: String) -> String {
        let shown = text.prefix(20).map { isNachaPrintable(String($0)) ? String($0) : "?" }.joined()
        return "'" + shown + (text.count > 20 ? "…'" : "'")
    }

    /// True when the text is empty or only whitespace.
    static func isBlank(_ text: String?) -> Bool {
        guard let text else { return true }
        // Fast path on bytes: the first non-space ASCII byte decides; only non-ASCII text needs
        // the (slower) Unicode whitespace property.
        for b in text.utf8 where !(b == 0x20 || (b >= 0x09 && b <= 0x0D)) {
            return b < 0x80 ? false : text.allSatisfy(\.isWhitespace)
        }
        return true
    }

    /// Leading and trailing whitespace removed, without Foundation.
    static func trimmed(_ text: String) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return text[first...last]
    }

    static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// True when `text` contains `needle`, ignoring ASCII case. Bytes, not Characters: this runs
    /// on every transfer and Foundation's `contains` is an order of magnitude slower.
    static func containsIgnoringASCIICase(_ text: String, _ needle: String) -> Bool {
        let upper = { (c: UInt8) in c >= 0x61 && c <= 0x7A ? c - 0x20 : c }
        let haystack = text.utf8.map(upper)
        let pin = needle.utf8.map(upper)
        guard haystack.count >= pin.count else { return false }
        return (0...(haystack.count - pin.count)).contains { haystack[$0..<$0 + pin.count].elementsEqual(pin) }
    }

    /// `$1,234.56` for a message. Negative amounts keep their sign.
    static func dollars(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let fraction = magnitude % 100
        return (cents < 0 ? "-$" : "$") + whole + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
