import ACH
import Foundation

/// The job-table SQL of the worker pool: claim, complete, release and reap. Every function takes
/// a `PGSession`, runs a bounded number of round trips whatever the batch size, and writes the
/// status change and its events in the same transaction.
public enum TransferQueue {
    /// Claims up to `limit` due pending transfers for `owner` with a lease of `leaseSeconds`:
    /// ordinary ones, or with `suspects` the ones whose lease was lost (see migration 0012), which
    /// the pool claims one at a time.
    public static func claim(
        _ session: PGSession, owner: String, limit: Int, leaseSeconds: Int, suspects: Bool = false
    ) throws -> [ClaimedTransfer] {
        try claimBatch(session, owner: owner, limit: limit, leaseSeconds: leaseSeconds, suspects: suspects).transfers
    }

    /// Where a claimed batch ended in the claim order (`run_at`, `id`) of `transfers_due`.
    public struct ClaimPosition: Sendable, Equatable {
        /// `run_at` as PostgreSQL prints it: exact to the microsecond.
        let runAt: String
        let id: String
    }

    public struct ClaimedBatch: Sendable {
        public let transfers: [ClaimedTransfer]
        /// Where the batch ended; nil when it is empty.
        public let end: ClaimPosition?
    }

    /// Claims like `claim`, continuing after `position` when one is given.
    ///
    /// Why a position: the rows a claim takes leave dead entries at the front of `transfers_due`,
    /// and while any transaction that started before them is still open — a file assembly takes
    /// seconds — PostgreSQL can neither remove them nor mark them dead in the index, so a claim
    /// that starts at the front steps over every row claimed since (measured: 300 ms per claim
    /// instead of 25 ms, with 100,000 claimed during one assembly). A claimer that continues where
    /// its last batch ended skips them. Rows that become due behind the position (a retry whose
    /// time came, a transfer released by a stopping daemon, an insert from a transaction that
    /// began earlier) are found when the claimer starts from the front again, which the pool does
    /// after any batch that came back short and at least every second.
    ///
    /// One statement: a MATERIALIZED CTE picks the rows with SKIP LOCKED (so concurrent claimers
    /// never wait on each other or take the same row), the UPDATE takes the lease, and the INSERT
    /// records pending → processing.
    public static func claimBatch(
        _ session: PGSession, owner: String, limit: Int, leaseSeconds: Int, suspects: Bool = false,
        after position: ClaimPosition? = nil
    ) throws -> ClaimedBatch {
        // The planner must walk transfers_due in order and stop after `limit` rows. When its
        // statistics lag a sudden backlog (a fresh import of a million rows, or a table whose stats
        // say almost nothing is pending) it estimates a few dozen pending rows and prefers a
        // bitmap scan of *every* pending row plus a sort — each claim then costs O(backlog)
        // (measured: 110–300 ms per claim at 100,000 pending). Bitmap and sequential scans are
        // off for this statement only; the ordered index scan is right at every backlog size.
        var parameters = [owner, String(limit), String(leaseSeconds), suspects ? "t" : "f"]
        var after = ""
        if let position {
            after = "AND (run_at, id) > ($5::timestamptz, $6::uuid)"
            parameters += [position.runAt, position.id]
        }
        let rows = try session.transaction { () throws -> PGRows in
            try session.execute(noScansOfTheWholeQueue)
            return try session.query(
                """
                WITH due AS MATERIALIZED (
                  SELECT id, run_at FROM transfers
                   WHERE status = 'pending' AND run_at <= now() AND suspect = $4::boolean \(after)
                   ORDER BY run_at, id
                   LIMIT $2
                   FOR UPDATE SKIP LOCKED
                ), claimed AS (
                  UPDATE transfers t
                     SET status = 'processing', lease_owner = $1,
                         lease_expires_at = now() + make_interval(secs => $3::int),
                         attempts = t.attempts + 1, claimed_at = now(), updated_at = now()
                    FROM due WHERE t.id = due.id
                  RETURNING t.*
                ), events AS (
                  INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor)
                  SELECT id, 'pending', 'processing', attempts, $1 FROM claimed
                )
                SELECT \(claimedColumns),
                       (SELECT run_at::text || ' ' || id FROM due ORDER BY run_at DESC, id DESC LIMIT 1)
                  FROM claimed t
                """,
                parameters)
        }
        let end = rows.rows.first.flatMap { $0.last ?? nil }.flatMap { text -> ClaimPosition? in
            guard let space = text.lastIndex(of: " ") else { return nil }
            return ClaimPosition(runAt: String(text[..<space]), id: String(text[text.index(after: space)...]))
        }
        return ClaimedBatch(transfers: try rows.rows.map(ClaimedTransfer.init(row:)), end: end)
    }

    /// Writes a batch of outcomes in one statement. Only rows still leased by `owner` change: a
    /// transfer whose lease expired and was claimed by another worker is left to that worker.
    /// Returns how many rows changed.
    @discardableResult
    public static func complete(
        _ session: PGSession, owner: String, outcomes: [TransferOutcome], maxAttempts: Int, retryDelaySeconds: Int
    ) throws -> Int {
        guard !outcomes.isEmpty else { return 0 }
        var ids: [String] = []
        var kinds: [String] = []
        var rejections: [String?] = []
        var dates: [String?] = []
        var amounts: [String?] = []
        var sameDay: [String?] = []
        var errors: [String?] = []
        ids.reserveCapacity(outcomes.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for outcome in outcomes {
            ids.append(outcome.id.uuidString)
            switch outcome.decision {
            case .accepted(let date, let isSameDay, let entryAmounts):
                kinds.append("accepted")
                rejections.append(nil)
                dates.append(date.description)
                amounts.append("{" + entryAmounts.map(String.init).joined(separator: ",") + "}")
                sameDay.append(isSameDay ? "t" : "f")
                errors.append(nil)
            case .rejected(let list):
                kinds.append("rejected")
                rejections.append(String(decoding: try encoder.encode(list), as: UTF8.self))
                dates.append(nil)
                amounts.append(nil)
                sameDay.append(nil)
                errors.append(nil)
            case .retry(let error):
                kinds.append("retry")
                rejections.append(nil)
                dates.append(nil)
                amounts.append(nil)
                sameDay.append(nil)
                errors.append(error)
            }
        }
        let rows = try session.transaction { () throws -> PGRows in
            try session.execute(completionPlan)
            return try session.query(
                """
                WITH input AS (
                  SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                       $10::boolean[])
                    AS u(id, kind, rejection, effective_date, entry_amounts, error, same_day)
                ), updated AS (
                  UPDATE transfers t
                     SET status = CASE
                           WHEN u.kind = 'retry' AND t.attempts >= $8 THEN 'failed'
                           WHEN u.kind = 'retry' THEN 'pending'
                           ELSE u.kind END::transfer_status,
                         rejection = u.rejection::jsonb,
                         resolved_effective_date = u.effective_date::date,
                         entry_amounts = u.entry_amounts::bigint[],
                         resolved_same_day = u.same_day,
                         last_error = u.error,
                         run_at = CASE WHEN u.kind = 'retry'
                                       THEN now() + make_interval(secs => $9::int * t.attempts) ELSE t.run_at END,
                         decided_at = CASE WHEN u.kind = 'retry' THEN NULL ELSE now() END,
                         -- It was processed to the end: whatever lost a lease before, it was not this.
                         suspect = false,
                         lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                    FROM input u
                   -- The rows are found by `id = ANY(…)` on the primary key and hash-joined to the
                   -- input (nested loops are off, see `completionPlan`), a plan whose cost is the
                   -- batch's whatever the table's size or statistics. Status compared as text on
                   -- purpose: `status = 'processing'` matches the partial index transfers_leased,
                   -- which the planner otherwise scanned for every leased row once per outcome.
                   WHERE t.id = ANY($2::uuid[]) AND t.id = u.id
                     AND t.status::text = 'processing' AND t.lease_owner = $1
                  RETURNING t.id, t.status, t.attempts, u.rejection, u.error, t.originator, t.direction,
                            t.amount_cents, t.resolved_effective_date, t.routing_number, t.account_hash, t.created_at
                ), fingerprints AS (
                  -- What rule DUPLICATE_SUSPECTED looks up later (migration 0023), written once.
                  INSERT INTO transfer_fingerprints (fingerprint, created_at, transfer_id)
                  SELECT ach_fingerprint(originator, routing_number, account_hash, amount_cents, direction::text),
                         created_at, id
                    FROM updated WHERE status = 'accepted' AND account_hash IS NOT NULL
                ), exposure AS (
                  -- Sorted so that two completers lock exposure rows in the same order (no deadlock).
                  INSERT INTO originator_exposure (originator, effective_date, direction, used_cents)
                  SELECT originator, resolved_effective_date, direction, sum(amount_cents)
                    FROM updated WHERE status = 'accepted'
                   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                  ON CONFLICT (originator, effective_date, direction)
                    DO UPDATE SET used_cents = originator_exposure.used_cents + excluded.used_cents
                )
                INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
                SELECT id, 'processing', status, attempts, $1,
                       CASE WHEN rejection IS NOT NULL THEN jsonb_build_object('rejections', rejection::jsonb)
                            WHEN error IS NOT NULL THEN jsonb_build_object('error', error) END
                  FROM updated
                """,
                [
                    owner, PGArray.literal(ids), PGArray.literal(kinds), PGArray.literal(rejections),
                    PGArray.literal(dates), PGArray.literal(amounts), PGArray.literal(errors), String(maxAttempts),
                    String(retryDelaySeconds), PGArray.literal(sameDay),
                ])
        }
        return rows.affected
    }

    /// Puts every transfer leased by `owner` back to pending (graceful shutdown). The attempt is
    /// given back: being interrupted by a deploy is not the transfer's fault.
    @discardableResult
    public static func release(_ session: PGSession, owner: String) throws -> Int {
        try session.query(
            """
            WITH released AS (
              UPDATE transfers t
                 SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
                     attempts = greatest(t.attempts - 1, 0), updated_at = now()
               WHERE t.status = 'processing' AND t.lease_owner = $1
              RETURNING t.id, t.attempts
            )
            INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
            SELECT id, 'processing', 'pending', attempts, $1, '{"reason": "released at shutdown"}'::jsonb
              FROM released
            """,
            [owner]
        ).affected
    }

    /// Returns transfers whose lease expired (their worker died or hung) to pending as suspects,
    /// or to failed when a suspect processed alone has used `maxAttempts`. Safe to run from every
    /// daemon at once (SKIP LOCKED).
    @discardableResult
    public static func reapExpiredLeases(_ session: PGSession, maxAttempts: Int, limit: Int = 1000) throws -> Int {
        try returnLost(
            session,
            candidates: """
                SELECT id FROM transfers
                 WHERE status = 'processing' AND lease_expires_at < now()
                 ORDER BY lease_expires_at
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED
                """,
            parameters: [String(maxAttempts), String(limit)],
            error: "'lease of ' || t.lease_owner || ' expired: worker died or timed out'", actor: "'lease-reaper'")
    }

    /// Gives up on `ids`, still leased by `owner`, whose processing took longer than
    /// `timeoutSeconds` (a hung batch): the same accounting as an expired lease, at once.
    @discardableResult
    public static func abandon(
        _ session: PGSession, owner: String, ids: [UUID], maxAttempts: Int, timeoutSeconds: Int
    ) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try returnLost(
            session,
            candidates: """
                SELECT id FROM transfers
                 WHERE id = ANY($2::uuid[]) AND status = 'processing' AND lease_owner = $3
                 ORDER BY id
                 FOR UPDATE
                """,
            parameters: [String(maxAttempts), PGArray.literal(ids.map(\.uuidString)), owner, String(timeoutSeconds)],
            error: "'processing took longer than ' || $4 || ' s on ' || t.lease_owner", actor: "$3")
    }

    /// The accounting of a lost lease (see migration 0012): an ordinary transfer becomes a
    /// suspect and gets its attempt back — it may only have been in flight next to the cause;
    /// a suspect, processed alone, is charged, and fails at `$1` attempts.
    private static func returnLost(
        _ session: PGSession, candidates: String, parameters: [String?], error: String, actor: String
    ) throws -> Int {
        try session.query(
            """
            WITH lost AS MATERIALIZED (
            \(candidates)
            ), returned AS (
              UPDATE transfers t
                 SET status = CASE WHEN t.suspect AND t.attempts >= $1::int THEN 'failed'
                                   ELSE 'pending' END::transfer_status,
                     attempts = CASE WHEN t.suspect THEN t.attempts ELSE greatest(t.attempts - 1, 0) END,
                     last_error = \(error),
                     suspect = true,
                     lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                FROM lost WHERE t.id = lost.id
              RETURNING t.id, t.status, t.attempts, t.last_error
            )
            INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
            SELECT id, 'processing', status, attempts, \(actor), jsonb_build_object('error', last_error)
              FROM returned
            """,
            parameters
        ).affected
    }

    /// For the claim and the completion, whose cost must not grow with the queue: with statistics
    /// that lag a sudden backlog (a fresh import, or a long-lived table whose statistics say
    /// almost nothing is pending or leased) the planner estimates a handful of rows and takes a
    /// scan of the whole queue (bitmap + sort for the claim; a sequential scan joined to every
    /// outcome for the completion: 2 s per flush measured). Off for that transaction only, which
    /// leaves the ordered index scan for the claim and primary-key look-ups for the completion.
    static let noScansOfTheWholeQueue = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off"

    /// The completion's plan: its rows by primary key (`noScansOfTheWholeQueue`) and no nested
    /// loop. Without statistics — the first seconds of a new table, or a daemon started on a
    /// burst — the planner estimated one leased row and chose a nested loop with a walk of the
    /// whole primary key outside and the unnest of the batch inside, evaluated once per row: 600
    /// × 600 comparisons and a full index walk per flush (100–300 ms, the start of every
    /// `--rate 5000` run's latency tail).
    static let completionPlan = noScansOfTheWholeQueue + "; SET LOCAL enable_nestloop = off"
}
