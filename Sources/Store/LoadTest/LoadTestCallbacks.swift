/// What a chaos run's webhook receiver must have received: the `webhook-id` of every callback
/// event of the run, in the dispatcher's format (`CallbackOutbox`: `evt_t<event id>` for a
/// transfer's status change, `evt_f<event id>_<originator>` for a file sent with its transfers).
public enum LoadTestCallbacks {
    /// Every callback event of `originator`'s transfers created since `since`, and of the files
    /// of `destination` holding them.
    public static func expectedIDs(_ session: PGSession, originator: String, destination: String, since: Double) throws
        -> [String]
    {
        try session.query(
            """
            SELECT 'evt_t' || e.id
              FROM transfer_events e JOIN transfers t ON t.id = e.transfer_id
             WHERE t.originator = $1 AND t.created_at >= to_timestamp($2::double precision)
               AND \(CallbackOutbox.transferEventCondition)
            UNION ALL
            SELECT 'evt_f' || e.id || '_' || $1
              FROM file_events e JOIN ach_files f ON f.id = e.file_id
             WHERE e.to_status = 'sent' AND f.destination = $3
               AND f.created_at >= to_timestamp($2::double precision)
               AND EXISTS (SELECT 1 FROM transfers t WHERE t.file_id = f.id AND t.originator = $1)
            """, [originator, String(since), destination]
        ).rows.compactMap { $0.first ?? nil }
    }
}
