import ACH
import Delivery
import Foundation
import Logging
import Store
import Vault

/// Turns a destination's due accepted transfers into NACHA files, exactly once.
///
/// Each file is one transaction holding the destination's advisory lock: select and lock the due
/// transfers, take a file ID modifier and trace numbers, build the file, write it to the archive
/// (fsynced, mode 0600), record file, entries and `accepted` → `batched` transitions, commit. A
/// crash before COMMIT leaves at most an orphan archive file (named by the file's id, never
/// reused) and the transfers still `accepted`; the next run assembles them again.
struct FileAssembler: Sendable {
    let plan: DestinationPlan
    let archive: DirectoryTarget
    let archiveDirectory: String
    /// Opens the account numbers of the entries being written: the one moment (with the archive)
    /// they exist readable.
    let vault: AccountVault
    /// Seal the archived copy (`files.encryptArchive`).
    let sealArchive: Bool
    let actor: String
    let logger: Logger

    /// Assembles files until what was due when it began is filed; returns what it recorded. A file
    /// that took every transfer due ends the run: transfers accepted while it was being made wait
    /// for the next cutoff. Otherwise a pool still deciding (suspects after a crash, one at a
    /// time) kept the loop going with a file for every one or two newly accepted transfers, until
    /// NACHA's 36 file ID modifiers of the day were used up (found by `ach-loadtest --chaos`
    /// once delivery ran beside assembly and each loop took longer). With `fullFilesOnly`
    /// it stops before a file that would hold fewer than `maxEntriesPerFile` entries: a caller
    /// that assembles while transfers are still being accepted (the load-test runner) then does
    /// not spend NACHA's 36 file ID modifiers a day on small files. `recorded` is called after
    /// each file's transaction committed, so that its delivery can start while the next one is
    /// assembled.
    func assembleAll(
        on connection: PGConnection, now: Date = Date(), fullFilesOnly: Bool = false,
        recorded: @Sendable (FileRecord) -> Void = { _ in }
    ) async throws -> [FileRecord] {
        var files: [FileRecord] = []
        while let (file, tookEverythingDue) = try await assembleOne(
            on: connection, now: now, fullFilesOnly: fullFilesOnly)
        {
            HeapTrim.afterLargeWork()
            files.append(file)
            recorded(file)
            logger.info(
                "assembled file",
                metadata: [
                    "destination": "\(plan.name)", "file": "\(file.name)", "file_id": "\(file.id)",
                    "entries": "\(file.entryCount)", "batches": "\(file.batchCount)",
                ])
            if tookEverythingDue { break }
        }
        return files
    }

    /// One file in one transaction, and whether it took every transfer that was due.
    private func assembleOne(
        on connection: PGConnection, now: Date, fullFilesOnly: Bool
    ) async throws -> (FileRecord, tookEverythingDue: Bool)? {
        let plan = self.plan
        let archive = self.archive
        let actor = self.actor
        let vault = self.vault
        let sealArchive = self.sealArchive
        return try await connection.withSession { session in
            try session.transaction { () throws -> (FileRecord, tookEverythingDue: Bool)? in
                try FileStore.lockDestination(session, plan.name)
                let local = plan.clock.localTime(at: now)
                let today = local.date
                var due = try FileStore.dueTransfers(
                    session, originators: plan.companies.keys.sorted(), horizon: plan.horizon(today: today),
                    limit: plan.config.maxEntriesPerFile)
                guard !due.isEmpty else { return nil }
                // Fewer due transfers than the limit and fewer entries than a full file: not full.
                let more = due.count == plan.config.maxEntriesPerFile
                let selected = due.count
                due = Self.fitting(due, maxEntries: plan.config.maxEntriesPerFile)
                let tookEverythingDue = !more && due.count == selected
                for index in due.indices {
                    do {
                        due[index].transfer = try vault.opened(due[index].transfer)
                    } catch {
                        throw FileAssemblyError(
                            "\(plan.name): cannot open the account number of transfer \(due[index].transfer.id): \(error)"
                                + " (cancel it, or restore the key it was sealed with)")
                    }
                }
                let entryCount = due.reduce(0) { $0 + $1.entryAmounts.count }
                if fullFilesOnly && !more && entryCount < plan.config.maxEntriesPerFile { return nil }

                let count = try FileStore.nextFileModifier(session, destination: plan.name, day: today)
                guard let modifier = DestinationPlan.modifier(forCount: count) else {
                    throw FileAssemblyError(
                        "all 36 file ID modifiers (A–Z, 0–9) are used for \(plan.name) on \(today); "
                            + "the rest waits for the next banking day")
                }
                let first = try FileStore.reserveTraceSequences(
                    session, odfi: plan.config.odfiIdentification, day: today, count: entryCount)
                guard first + Int64(entryCount) - 1 <= 9_999_999 else {
                    throw FileAssemblyError(
                        "trace numbers for ODFI \(plan.config.odfiIdentification) on \(today) are used up")
                }
                // Each step below hands its input on with `consume`: at 100,000 entries the opened
                // transfers, the laid-out batches and the built file are tens of megabytes each,
                // and none of them is needed once the next one exists.
                let transferCount = due.count
                let laid = try FileLayout.layout(consume due, plan: plan, firstSequence: first)
                let entries = laid.entries
                let builder = NACHAFileBuilder(
                    header: .init(
                        immediateDestination: plan.config.immediateDestination,
                        immediateDestinationName: plan.config.immediateDestinationName,
                        immediateOrigin: plan.config.immediateOrigin,
                        immediateOriginName: plan.config.immediateOriginName, creationDate: today,
                        creationHour: local.secondOfDay / 3600, creationMinute: local.secondOfDay % 3600 / 60,
                        fileIDModifier: modifier),
                    batches: (consume laid).batches)
                let nacha: NACHAFile
                do {
                    nacha = try (consume builder).build()
                } catch {
                    throw FileAssemblyError("\(plan.name): cannot build the NACHA file: \(error)")
                }
                let (batchCount, nachaEntries, control) = (nacha.batches.count, nacha.entryCount, nacha.control)
                let bytes = (consume nacha).bytes()
                let id = UUID()
                let sha = SHA256.hex(bytes)
                // Named by the file's id, which is never reused: an orphan left by a crash before
                // COMMIT can never be mistaken for a recorded file.
                let archiveName = "\(today.description)-\(id.uuidString.lowercased()).ach"
                // The recorded SHA-256 is the NACHA file's, sealed or not: delivery opens a sealed
                // copy and checks what it opened.
                let stored = sealArchive ? vault.sealFile(bytes) : bytes
                _ = try archive.deliver(
                    name: archiveName, bytes: stored, sha256: sealArchive ? SHA256.hex(stored) : sha)
                var record = FileRecord(
                    id: id, destination: plan.name, fileDate: today, fileIDModifier: String(modifier),
                    name: plan.fileName(date: today, modifier: modifier, id: id), batchCount: batchCount,
                    entryCount: nachaEntries, transferCount: transferCount,
                    debitTotalCents: control.totalDebit, creditTotalCents: control.totalCredit,
                    entryHash: control.entryHash, byteCount: bytes.count, sha256: sha,
                    archivePath: archiveDirectory + "/" + archiveName)
                try FileStore.recordFile(
                    session, record, odfi: plan.config.odfiIdentification, entries: entries, actor: actor)
                record.status = "archived"
                return (record, tookEverythingDue)
            }
        }
    }

    /// Whole transfers only (a split transfer's entries stay together), up to `maxEntries`
    /// entries — but always at least one transfer, so a huge split transfer still goes out.
    static func fitting(_ due: [DueTransfer], maxEntries: Int) -> [DueTransfer] {
        var total = 0
        var result: [DueTransfer] = []
        for item in due {
            if !result.isEmpty && total + item.entryAmounts.count > maxEntries { break }
            total += item.entryAmounts.count
            result.append(item)
        }
        return result
    }
}
