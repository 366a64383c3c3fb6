/// Return reason and change codes as the NACHA Operating Rules define them.
public enum NACHAReasonCodes {
    /// R01–R53, R61–R77 (dishonored and contested dishonored returns), R80–R85 (IAT). The gaps
    /// are unassigned, and R97-style private codes are not valid on the network.
    public static func isValidReturnCode(_ code: some StringProtocol) -> Bool {
        guard let n = number(code, prefix: UInt8(ascii: "R")) else { return false }
        return (1...53).contains(n) || (61...77).contains(n) || (80...85).contains(n)
    }

    /// C01–C14 (notifications of change) and C61–C69 (refused notifications of change).
    public static func isValidChangeCode(_ code: some StringProtocol) -> Bool {
        guard let n = number(code, prefix: UInt8(ascii: "C")) else { return false }
        return (1...14).contains(n) || (61...69).contains(n)
    }

    /// The two digits after `prefix` in a three-character code.
    static func number(_ code: some StringProtocol, prefix: UInt8) -> Int? {
        let u = Array(code.utf8)
        guard u.count == 3, u[0] == prefix, u[1] &- 0x30 < 10, u[2] &- 0x30 < 10 else { return nil }
        return Int(u[1] - 0x30) * 10 + Int(u[2] - 0x30)
    }
}
