import ACH
import Foundation

/// Makes the run's transfers, deterministically from their index: the same run tag and index
/// always give the same transfer, so a run can be generated in chunks without holding it all.
public struct TransferGenerator: Sendable {
    /// The originator the load test sends for (configured by `LoadTestConfiguration`).
    public static let originator = "loadtest"
    /// Its largest single entry: a transfer above it is split into several entries.
    public static let maxEntryAmountCents: Int64 = 2_500_000

    static let routingNumbers = ["091000019", "021000021", "011000015", "071000013", "122000247"]

    public let profile: LoadProfile
    /// Distinguishes this run's idempotency keys and account numbers from earlier runs'.
    public let runTag: String
    /// The bank-local day the run starts on; scheduled transfers settle a few days later.
    public let today: CalendarDate

    public init(profile: LoadProfile, runTag: String, today: CalendarDate) {
        self.profile = profile
        self.runTag = runTag
        self.today = today
    }

    public func transfers(_ range: Range<Int>) -> [Transfer] { range.map(transfer) }

    public func transfer(_ i: Int) -> Transfer {
        let h = Self.mix(UInt64(i))
        let sec = ["PPD", "CCD", "CTX", "WEB", "TEL"][Int(h % 5)]
        // TEL is debit-only (a consumer's telephone authorization covers pulling money only).
        let direction: TransferDirection = sec == "TEL" || (h >> 8) % 2 == 1 ? .debit : .credit
        let bucket = Int((h >> 16) % 1000)
        let large = profile == .large || (profile == .mixed && (50..<70).contains(bucket))
        let scheduled = profile == .mixed && (70..<120).contains(bucket)
        let withAddenda = sec == "CTX" || (sec != "TEL" && (h >> 32) % 10 == 0)
        let amount =
            large
            ? Self.maxEntryAmountCents + 100_000 + Int64((h >> 24) % 7_000_000)
            : 100 + Int64((h >> 24) % 1_999_900)
        var transfer = Transfer(
            idempotencyKey: "lt-\(runTag)-\(i)", originator: Self.originator, direction: direction,
            amountCents: amount, secCode: sec, receiverName: "RECEIVER \(i % 1000)",
            receiverID: sec == "CCD" || sec == "CTX" ? "CO\(i % 100_000)" : "ID\(i % 100_000)",
            routingNumber: Self.routingNumbers[Int((h >> 40) % 5)], accountNumber: runTag + String(100_000_000 + i),
            accountType: (h >> 44) % 3 == 0 ? "savings" : "checking",
            addenda: withAddenda ? Self.addenda(i, count: sec == "CTX" ? 1 + Int((h >> 48) % 3) : 1) : [],
            effectiveDate: scheduled ? today.adding(days: 3 + Int((h >> 52) % 5)) : nil,
            entryDescription: sec == "TEL" ? "TELPAY" : "PAYROLL",
            webPaymentType: sec == "WEB" ? ((h >> 56) % 2 == 0 ? "S" : "R") : nil,
            authorization: direction == .debit ? "AUTH-\(i)" : nil)
        if profile == .mixed && bucket < 50 { Self.breakRule(&transfer, kind: bucket % 7) }
        return transfer
    }

    /// Makes a transfer break one rule (each kind a different rule and code).
    static func breakRule(_ t: inout Transfer, kind: Int) {
        switch kind {
        case 0: t.routingNumber = "091000018"  // ABA check digit
        case 1: t.receiverName = "A RECEIVER NAME FAR TOO LONG FOR NACHA"  // > 22 characters
        case 2: t.accountNumber = "0000000"  // all zeros
        case 3:  // TEL credit: no transaction code exists
            t.secCode = "TEL"
            t.direction = .credit
            t.authorization = nil
            t.addenda = []
        case 4:  // a debit without its authorization reference
            t.direction = .debit
            t.authorization = nil
        case 5:  // CTX without remittance addenda
            t.secCode = "CTX"
            t.addenda = []
            t.receiverID = "CO1"
        default: t.secCode = "ARC"  // not an SEC code we originate
        }
    }

    static func addenda(_ i: Int, count: Int) -> [String] {
        (0..<count).map { "RMR*IV*INV\(i)-\($0)**\(100 + $0)\\" }
    }

    /// A cheap, well-spread hash of the index: SplitMix64's first output for it as the seed.
    static func mix(_ x: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: x)
        return generator.next()
    }
}
