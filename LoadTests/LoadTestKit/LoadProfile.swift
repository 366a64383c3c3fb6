/// What kind of transfers a run pushes through.
public enum LoadProfile: String, Sendable, CaseIterable {
    /// PPD/CCD/CTX/WEB/TEL credits and debits: ~5% break a rule, ~2% are large enough to be split,
    /// ~10% carry addenda, ~5% are scheduled for a later day.
    case mixed
    /// Every transfer valid, due now and unsplit: the pipeline's best case.
    case valid
    /// Every transfer large enough to be split into 2–4 entries.
    case large
}
