import ACH
import Foundation

/// The SQL of file assembly and delivery. Assembly runs inside one transaction that holds the
/// destination's advisory lock, so two daemons never assemble for the same destination at once;
/// the `ach_entries` primary key makes "an entry is in one file" a database fact besides.
public enum FileStore {
    /// Serializes assembly per destination across every daemon (released at COMMIT/ROLLBACK).
    public static func lockDestination(_ session: PGSession, _ destination: String) throws {
        try session.query("SELECT pg_advisory_xact_lock(hashtextextended('ach-assemble:' || $1, 0))", [destination])
    }

    /// Accepted transfers of `originators` settling on or before `horizon`, oldest first, locked.
    ///
    /// Two statements: the first picks and locks the ids in order, the second reads the rows.
    /// Sorting the wide rows themselves cost 0.7 s for 90,000 transfers (each comparison digs
    /// the keys out from behind twenty variable-length columns) against 0.1 s for the ids.
    public static func dueTransfers(
        _ session: PGSession, originators: [String], horizon: CalendarDate, limit: Int
    ) throws -> [DueTransfer] {
        // A full file sorts ~100,000 rows here and groups as many entries in `recordFile`; in the
        // default 4 MB both spilled to disk. For this transaction only; one assembly runs per
        // destination at a time. The originator is compared bytewise: under the database's
        // linguistic collation each comparison of two equal names is a full strcoll.
        try session.execute("SET LOCAL work_mem = '128MB'")
        let ids = try session.query(
            """
            SELECT t.id FROM transfers t
             WHERE t.status = 'accepted' AND t.originator = ANY($1::text[])
               AND t.resolved_effective_date <= $2::date
             ORDER BY t.originator COLLATE "C", t.resolved_effective_date, t.created_at, t.id
             LIMIT $3
             FOR UPDATE
            """,
            [PGArray.literal(originators), horizon.description, String(limit)]
        ).rows.compactMap { $0.first ?? nil }
        guard !ids.isEmpty else { return [] }
        // Found through `id = ANY(…)` on the primary key: with 90,000 ids the planner otherwise
        // preferred a sequential scan of the whole table. Read in chunks: libpq holds a whole
        // result in memory, and 100,000 wide rows there, again as Swift strings and again as
        // transfers, were the file assembler's peak (75 → 250 MB within the read). Each chunk
        // is put back in the order of `ids` here: in SQL that is a hash join and a sort of the
        // wide rows again.
        try session.execute("SET LOCAL enable_seqscan = off")
        var due: [DueTransfer] = []
        due.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: dueReadChunk) {
            due += try readDue(session, ids: Array(ids[start..<min(start + dueReadChunk, ids.count)]))
        }
        return due
    }

    /// The rows of locked due transfers `ids`, in that order.
    private static func readDue(_ session: PGSession, ids: [String]) throws -> [DueTransfer] {
        let rows = try session.query(
            """
            SELECT \(claimedColumns), t.resolved_effective_date, coalesce(t.resolved_same_day, false),
                   t.entry_amounts
              FROM transfers t
             WHERE t.id = ANY($1::uuid[])
            """,
            [PGArray.literal(ids)]
        ).rows
        guard rows.count == ids.count else {
            throw StoreError(.decodingFailed, "\(ids.count) due transfers were locked, \(rows.count) read back")
        }
        var position: [String: Int] = [:]
        position.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() { position[id] = index }
        return try rows.map { (position[$0[0] ?? ""] ?? Int.max, $0) }.sorted { $0.0 < $1.0 }.map { _, row in
            let claimed = try ClaimedTransfer(row: row)
            guard let date = row[21].flatMap({ CalendarDate(iso: $0) }) else {
                throw StoreError(.decodingFailed, "accepted transfer \(claimed.transfer.id) has no effective date")
            }
            let amounts = PGArray.parse(row[23] ?? "{}").compactMap { Int64($0) }
            return DueTransfer(
                transfer: claimed.transfer, effectiveDate: date, sameDay: row[22] == "t",
                entryAmounts: amounts.isEmpty ? [claimed.transfer.amountCents] : amounts)
        }
    }

    /// Due transfers read per query (see `dueTransfers`).
    static let dueReadChunk = 10_000

    /// The next file ID modifier for `destination` on `day` as a count (1 = `A`, 27 = `0`, …).
    public static func nextFileModifier(_ session: PGSession, destination: String, day: CalendarDate) throws -> Int {
        let used = try session.query(
            """
            INSERT INTO file_modifiers (destination, file_date, used) VALUES ($1, $2::date, 1)
            ON CONFLICT (destination, file_date) DO UPDATE SET used = file_modifiers.used + 1
            RETURNING used
            """,
            [destination, day.description]
        ).scalar.flatMap { Int($0) }
        guard let used else { throw StoreError(.decodingFailed, "no file modifier returned") }
        return used
    }

    /// Reserves `count` trace sequence numbers for `odfi` on `day`; returns the first.
    public static func reserveTraceSequences(
        _ session: PGSession, odfi: String, day: CalendarDate, count: Int
    ) throws -> Int64 {
        let last = try session.query(
            """
            INSERT INTO trace_sequences (odfi, file_date, last) VALUES ($1, $2::date, $3)
            ON CONFLICT (odfi, file_date) DO UPDATE SET last = trace_sequences.last + $3
            RETURNING last
            """,
            [odfi, day.description, String(count)]
        ).scalar.flatMap { Int64($0) }
        guard let last else { throw StoreError(.decodingFailed, "no trace sequence returned") }
        return last - Int64(count) + 1
    }

    /// Records an assembled, archived file: the file row, its entries, and every transfer
    /// `accepted` → `batched` with its trace numbers and an event. Call inside the transaction that
    /// holds the destination lock.
    ///
    /// The only writer of `ach_entries` and `transfers.file_id`, and what stands in for their
    /// foreign keys (migration 0022): it throws — and the caller rolls back — unless the entries
    /// name exactly `file.transferCount` transfers and each of them was found accepted.
    public static func recordFile(
        _ session: PGSession, _ file: FileRecord, odfi: String, entries: [EntryRow], actor: String
    ) throws {
        let named = Set(entries.map(\.transferID)).count
        guard named == file.transferCount else {
            throw StoreError(
                .queryFailed, "file \(file.id): its entries name \(named) transfers, the file \(file.transferCount)")
        }
        try session.query(
            """
            INSERT INTO ach_files (id, destination, file_date, file_id_modifier, name, batch_count, entry_count,
                transfer_count, debit_total_cents, credit_total_cents, entry_hash, byte_count, sha256, archive_path)
            VALUES ($1::uuid, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """,
            [
                file.id.uuidString, file.destination, file.fileDate, file.fileIDModifier, file.name,
                String(file.batchCount), String(file.entryCount), String(file.transferCount),
                String(file.debitTotalCents), String(file.creditTotalCents), String(file.entryHash),
                String(file.byteCount), file.sha256, file.archivePath,
            ])
        try session.query(
            """
            INSERT INTO ach_entries (transfer_id, part, file_id, odfi, file_date, trace_number, amount_cents)
            SELECT u.transfer_id, u.part, $1::uuid, $2, $3::date, u.trace, u.amount
              FROM unnest($4::uuid[], $5::int[], $6::text[], $7::bigint[]) AS u(transfer_id, part, trace, amount)
            """,
            [
                file.id.uuidString, odfi, file.fileDate, PGArray.literal(entries.map(\.transferID.uuidString)),
                PGArray.literal(entries.map { String($0.part) }), PGArray.literal(entries.map(\.traceNumber)),
                PGArray.literal(entries.map { String($0.amountCents) }),
            ])
        let batched = try session.query(
            """
            WITH traces AS (
              SELECT transfer_id, array_agg(trace_number ORDER BY part) AS traces
                FROM ach_entries WHERE file_id = $1::uuid GROUP BY transfer_id
            ), updated AS (
              -- Status compared as text on purpose: `status = 'accepted'` matches the partial index
              -- transfers_accepted, and with statistics that lag (no file assembled yet) the planner
              -- walked all of it once per entry: 50,000 × 285,000 rows, 18 minutes for one file.
              -- Each row is found by its primary key instead.
              UPDATE transfers t SET status = 'batched', file_id = $1::uuid, trace_numbers = traces.traces,
                     updated_at = now()
                FROM traces WHERE t.id = traces.transfer_id AND t.status::text = 'accepted'
              RETURNING t.id, t.attempts
            )
            INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
            SELECT id, 'accepted', 'batched', attempts, $2, jsonb_build_object('file_id', $1::text) FROM updated
            """,
            [file.id.uuidString, actor]
        ).affected
        guard batched == file.transferCount else {
            throw StoreError(
                .queryFailed, "file \(file.id): \(batched) of \(file.transferCount) transfers were still accepted")
        }
    }

    /// Files of `destination` waiting for delivery whose next attempt is due (all of them when
    /// `ignoringBackoff`, as for an operator's flush).
    public static func filesDue(
        _ session: PGSession, destination: String, ignoringBackoff: Bool = false
    ) throws -> [FileRecord] {
        try session.query(
            """
            SELECT \(FileRecord.columns) FROM ach_files
             WHERE destination = $1 AND status = 'archived' AND ($2::boolean OR next_attempt_at <= now())
             ORDER BY created_at, id
            """,
            [destination, ignoringBackoff ? "true" : "false"]
        ).rows.map(FileRecord.init(row:))
    }

    /// Files waiting for delivery, due or not, across destinations.
    public static func undeliveredCount(_ session: PGSession) throws -> Int {
        try session.query("SELECT count(*) FROM ach_files WHERE status = 'archived'").scalar.flatMap { Int($0) } ?? 0
    }

    /// A session-level lock on one file for the length of its delivery: no two daemons upload
    /// the same file at once, and a daemon that dies mid-upload releases it with its connection.
    public static func tryLockFile(_ session: PGSession, _ id: UUID) throws -> Bool {
        try session.query("SELECT pg_try_advisory_lock(hashtextextended('ach-file:' || $1, 0))", [id.uuidString])
            .scalar == "t"
    }

    public static func unlockFile(_ session: PGSession, _ id: UUID) throws {
        try session.query("SELECT pg_advisory_unlock(hashtextextended('ach-file:' || $1, 0))", [id.uuidString])
    }

    /// Records the bytes that will be uploaded (once; later attempts reuse them).
    public static func setDeliveryBytes(_ session: PGSession, _ id: UUID, path: String, sha256: String) throws {
        try session.query(
            "UPDATE ach_files SET delivery_path = $2, delivery_sha256 = $3 WHERE id = $1::uuid AND delivery_path IS NULL",
            [id.uuidString, path, sha256])
    }

    /// The file is at the destination: file `sent`, its transfers `batched` → `sent`, with events.
    public static func markSent(_ session: PGSession, _ id: UUID, actor: String, alreadyPresent: Bool) throws {
        try session.transaction {
            let changed = try session.query(
                """
                UPDATE ach_files SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
                 WHERE id = $1::uuid AND status = 'archived'
                """,
                [id.uuidString]
            ).affected
            guard changed == 1 else { return }
            try session.query(
                """
                INSERT INTO file_events (file_id, from_status, to_status, actor, detail)
                VALUES ($1::uuid, 'archived', 'sent', $2, jsonb_build_object('already_present', $3::boolean))
                """,
                [id.uuidString, actor, alreadyPresent ? "true" : "false"])
            try session.query(
                """
                WITH updated AS (
                  UPDATE transfers t SET status = 'sent', updated_at = now()
                   WHERE t.file_id = $1::uuid AND t.status = 'batched'
                  RETURNING t.id, t.attempts
                )
                INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
                SELECT id, 'batched', 'sent', attempts, $2, jsonb_build_object('file_id', $1::text) FROM updated
                """,
                [id.uuidString, actor])
        }
    }

    /// A failed attempt: retried after `retryAfterSeconds` when `transient`, else the file is
    /// `failed` until an operator retries it.
    public static func recordFailure(
        _ session: PGSession, _ id: UUID, error: String, transient: Bool, retryAfterSeconds: Int, actor: String
    ) throws {
        try session.transaction {
            try session.query(
                """
                UPDATE ach_files
                   SET attempts = attempts + 1, last_error = $2,
                       next_attempt_at = now() + make_interval(secs => $3::int),
                       status = CASE WHEN $4::boolean THEN status ELSE 'failed' END
                 WHERE id = $1::uuid AND status = 'archived'
                """,
                [id.uuidString, error, String(retryAfterSeconds), transient ? "true" : "false"])
            if !transient {
                try session.query(
                    """
                    INSERT INTO file_events (file_id, from_status, to_status, actor, detail)
                    VALUES ($1::uuid, 'archived', 'failed', $2, jsonb_build_object('error', $3::text))
                    """,
                    [id.uuidString, actor, error])
            }
        }
    }

    /// Recent files, newest first, for `ach-worker files`.
    public static func recent(_ session: PGSession, limit: Int = 50) throws -> [FileRecord] {
        try session.query(
            "SELECT \(FileRecord.columns) FROM ach_files ORDER BY created_at DESC, id LIMIT $1", [String(limit)]
        ).rows.map(FileRecord.init(row:))
    }
}

extension FileStore {
    /// One file by id (fresh from the database, e.g. after taking its lock).
    public static func file(_ session: PGSession, _ id: UUID) throws -> FileRecord? {
        try session.query("SELECT \(FileRecord.columns) FROM ach_files WHERE id = $1::uuid", [id.uuidString])
            .rows.first.map(FileRecord.init(row:))
    }
}
