/// Standard Entry Class code of a batch (batch header positions 51–53).
///
/// A struct rather than an enum so that a file using a code this project does not originate
/// (POS, COR, IAT, …) or a misspelled one can still be read and reported.
public struct SECCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let ppd: SECCode = "PPD"
    public static let ccd: SECCode = "CCD"
    public static let ctx: SECCode = "CTX"
    public static let web: SECCode = "WEB"
    public static let tel: SECCode = "TEL"
    public static let iat: SECCode = "IAT"
    public static let cor: SECCode = "COR"
    public static let adv: SECCode = "ADV"
    public static let enr: SECCode = "ENR"

    /// The codes this project originates (SPEC §2).
    public static let originated: [SECCode] = [.ppd, .ccd, .ctx, .web, .tel]

    /// Every SEC code in the NACHA Operating Rules.
    public static let known: Set<SECCode> = [
        "ACK", "ADV", "ARC", "ATX", "BOC", "CCD", "CIE", "COR", "CTX", "DNE", "ENR", "IAT", "MTE", "POP",
        "POS", "PPD", "RCK", "SHR", "TEL", "TRC", "TRX", "WEB", "XCK",
    ]

    public var isKnown: Bool { SECCode.known.contains(self) }

    /// Entries to consumer accounts, which must name the individual.
    public var isConsumer: Bool { self == .ppd || self == .web || self == .tel }

    /// The most addenda records one entry may carry.
    public var maximumAddenda: Int {
        switch self {
        case .ctx, "ENR": return 9_999
        case .tel: return 0
        case .iat: return 12
        default: return 1
        }
    }

    public var description: String { rawValue }
}

/// Service class code of a batch: what kinds of entries it holds.
public struct ServiceClassCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static let mixed = ServiceClassCode(200)
    public static let creditsOnly = ServiceClassCode(220)
    public static let debitsOnly = ServiceClassCode(225)
    public static let automatedAccountingAdvices = ServiceClassCode(280)

    public var isDefined: Bool { [200, 220, 225, 280].contains(rawValue) }

    /// 220 when every entry credits, 225 when every entry debits, 200 otherwise (and for an
    /// empty batch, which has nothing to restrict).
    public static func forEntries(_ codes: some Sequence<TransactionCode>) -> ServiceClassCode {
        var credits = false
        var debits = false
        for code in codes {
            if code.isCredit { credits = true } else { debits = true }
        }
        switch (credits, debits) {
        case (true, false): return .creditsOnly
        case (false, true): return .debitsOnly
        default: return .mixed
        }
    }

    /// Whether an entry with `code` may appear in a batch of this class.
    public func permits(_ code: TransactionCode) -> Bool {
        switch rawValue {
        case 220: return code.isCredit
        case 225: return code.isDebit
        default: return true
        }
    }

    public var description: String { String(rawValue) }
}
