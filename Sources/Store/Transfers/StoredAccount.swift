/// An account number as the database keeps it (SPEC §9): sealed, so the database never holds it
/// readable; a keyed hash that stands for it in look-ups and duplicate detection; and the last
/// four characters, all that `inspect`, logs and callbacks ever show. The Store never sees the
/// key: callers seal before they write and open after they read.
public struct StoredAccount: Sendable, Equatable {
    /// `v1:KEYID:…` — opaque here.
    public var sealed: String
    public var lookupHash: String
    public var lastFour: String

    public init(sealed: String, lookupHash: String, lastFour: String) {
        self.sealed = sealed
        self.lookupHash = lookupHash
        self.lastFour = lastFour
    }
}
