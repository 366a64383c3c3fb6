import Foundation
import Yams

extension WorkerConfiguration {
    /// The file read when neither `--config` nor `ACH_WORKER_CONFIG` names one.
    public static let defaultPath = "Config/ach-worker.yaml"

    /// Loads configuration: built-in defaults, then the YAML file (if `path` is nil, the
    /// `ACH_WORKER_CONFIG` file or `Config/ach-worker.yaml` when present), then environment
    /// overrides. Unknown keys and bad values are errors that name the file, line and key.
    public static func load(
        path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> WorkerConfiguration {
        var config = WorkerConfiguration()
        let chosen = path ?? environment["ACH_WORKER_CONFIG"]
        let file = chosen ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        var text: String?
        if let file {
            let contents = try readText(file)
            try config.apply(yaml: contents, file: file)
            text = contents
        }
        try config.applyEnvironment(environment)
        try config.check()
        try config.checkSecretFilePermissions(configFile: file, text: text)
        return config
    }

    /// The file's text, read through a file handle rather than by size: `--config /dev/null`
    /// (every value from the environment) and pipes read like empty or ordinary files. The
    /// error says why a file cannot be read (missing, not permitted, not UTF-8).
    static func readText(_ file: String) throws -> String {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            data = try handle.readToEnd() ?? Data()
        } catch {
            let reason: String
            if !FileManager.default.fileExists(atPath: file) {
                reason = "no such file"
            } else if !FileManager.default.isReadableFile(atPath: file) {
                reason = "permission denied"
            } else {
                reason = "\(error)"
            }
            throw ConfigurationError(.unreadable, at: file, "cannot read the configuration file: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.unreadable, at: file, "the configuration file is not UTF-8 text")
        }
        return text
    }

    /// Applies a YAML document on top of the current values.
    public mutating func apply(yaml text: String, file: String) throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(.syntax, at: file, "not valid YAML: \(error)")
        }
        guard let root else { return }  // an empty file keeps every default
        var top = try YAMLSection(file: file, path: "", node: root)
        if var s = try top.section("database") {
            try s.read("url", into: &database.url)
            try s.read("connections", into: &database.connections, in: 1...64)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("pool") {
            try s.read("maxInFlight", into: &pool.maxInFlight, in: 1...10_000_000)
            try s.read("claimBatchSize", into: &pool.claimBatchSize, in: 1...10_000)
            try s.read("leaseSeconds", into: &pool.leaseSeconds, in: 1...86_400)
            try s.read("maxAttempts", into: &pool.maxAttempts, in: 1...1_000)
            try s.read("retryDelaySeconds", into: &pool.retryDelaySeconds, in: 0...86_400)
            try s.read("flushIntervalMilliseconds", into: &pool.flushIntervalMilliseconds, in: 1...60_000)
            try s.read("flushBatchSize", into: &pool.flushBatchSize, in: 1...10_000)
            try s.read("pollIntervalMilliseconds", into: &pool.pollIntervalMilliseconds, in: 10...600_000)
            try s.read("reapIntervalSeconds", into: &pool.reapIntervalSeconds, in: 1...3_600)
            try s.read("processingTimeoutSeconds", into: &pool.processingTimeoutSeconds, in: 1...86_400)
            try s.read("workerID", into: &pool.workerID)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("metrics") {
            try s.read("enabled", into: &metrics.enabled)
            try s.read("host", into: &metrics.host)
            try s.read("port", into: &metrics.port, in: 0...65_535)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("logging") {
            try s.read("level", into: &logging.level)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("validation") {
            try s.read("timeZone", into: &validation.timeZone)
            try s.read("schedulingWindowDays", into: &validation.schedulingWindowDays, in: 0...3_650)
            try s.read("nonBankingDay", into: &validation.nonBankingDay)
            try s.read("sameDayPastCutoff", into: &validation.sameDayPastCutoff)
            try s.read("sameDayOverLimit", into: &validation.sameDayOverLimit)
            try s.read("sameDayCutoffs", into: &validation.sameDayCutoffs)
            try s.read("sameDayLimitCents", into: &validation.sameDayLimitCents, in: 1...Int64.max)
            try s.read("duplicateWindowDays", into: &validation.duplicateWindowDays, in: 0...365)
            try s.read("blockedNames", into: &validation.blockedNames)
            try s.read("blockedAccounts", into: &validation.blockedAccounts)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("files") {
            try s.read("archiveDirectory", into: &files.archiveDirectory)
            try s.read("encryptArchive", into: &files.encryptArchive)
            try s.read("gnupgDirectory", into: &files.gnupgDirectory)
            try s.read("parallelDestinations", into: &files.parallelDestinations, in: 1...1_000)
            try s.read("maxRetryDelaySeconds", into: &files.maxRetryDelaySeconds, in: 1...86_400)
            try s.read("drainDeliveryTimeoutSeconds", into: &files.drainDeliveryTimeoutSeconds, in: 0...86_400)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("accountKeys") {
            try s.read("file", into: &accountKeys.file)
            try s.read("environment", into: &accountKeys.environment)
            try s.read("current", into: &accountKeys.current)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("callbacks") {
            try s.read("concurrency", into: &callbacks.concurrency, in: 1...1_000)
            try s.read("timeoutMilliseconds", into: &callbacks.timeoutMilliseconds, in: 10...600_000)
            try s.read("maxAgeSeconds", into: &callbacks.maxAgeSeconds, in: 1...2_592_000)
            try s.read("initialBackoffMilliseconds", into: &callbacks.initialBackoffMilliseconds, in: 1...86_400_000)
            try s.read("maxBackoffMilliseconds", into: &callbacks.maxBackoffMilliseconds, in: 1...86_400_000)
            try s.read("batchSize", into: &callbacks.batchSize, in: 1...10_000)
            try s.read("pollIntervalMilliseconds", into: &callbacks.pollIntervalMilliseconds, in: 10...600_000)
            try s.read("drainTimeoutSeconds", into: &callbacks.drainTimeoutSeconds, in: 0...86_400)
            try s.rejectUnknownKeys()
        }
        if var s = try top.section("originators") {
            originators = [:]
            for name in s.keys {
                guard var o = try s.section(name) else { continue }
                var value = Originator()
                try o.read("active", into: &value.active)
                try o.read("companyName", into: &value.companyName)
                try o.read("companyID", into: &value.companyID)
                try o.read("destination", into: &value.destination)
                try o.read("secCodes", into: &value.secCodes)
                try o.read("directions", into: &value.directions)
                try o.read("maxEntryAmountCents", into: &value.maxEntryAmountCents, in: 1...9_999_999_999)
                try o.read("maxTransferAmountCents", into: &value.maxTransferAmountCents, in: 1...Int64.max)
                try o.read("dailyDebitLimitCents", into: &value.dailyDebitLimitCents, in: 0...Int64.max)
                try o.read("dailyCreditLimitCents", into: &value.dailyCreditLimitCents, in: 0...Int64.max)
                try o.read("sameDayAllowed", into: &value.sameDayAllowed)
                if var c = try o.section("callback") {
                    try c.read("url", into: &value.callback.url)
                    try c.read("secretEnvironment", into: &value.callback.secretEnvironment)
                    try c.read("secretFile", into: &value.callback.secretFile)
                    try c.rejectUnknownKeys()
                }
                try o.rejectUnknownKeys()
                originators[name] = value
            }
        }
        if var s = try top.section("destinations") {
            destinations = [:]
            for name in s.keys {
                guard var d = try s.section(name) else { continue }
                var value = Destination()
                try d.read("immediateDestination", into: &value.immediateDestination)
                try d.read("immediateDestinationName", into: &value.immediateDestinationName)
                try d.read("immediateOrigin", into: &value.immediateOrigin)
                try d.read("immediateOriginName", into: &value.immediateOriginName)
                try d.read("odfiIdentification", into: &value.odfiIdentification)
                try d.read("timeZone", into: &value.timeZone)
                try d.read("cutoffs", into: &value.cutoffs)
                try d.read("maxEntriesPerFile", into: &value.maxEntriesPerFile, in: 1...9_999_999)
                try d.read("fileName", into: &value.fileName)
                try d.read("deliveryType", into: &value.deliveryType)
                try d.read("directory", into: &value.directory)
                if var f = try d.section("sftp") {
                    try f.read("host", into: &value.sftp.host)
                    try f.read("port", into: &value.sftp.port, in: 1...65_535)
                    try f.read("username", into: &value.sftp.username)
                    try f.read("privateKeyFile", into: &value.sftp.privateKeyFile)
                    try f.read("passphraseEnvironment", into: &value.sftp.passphraseEnvironment)
                    try f.read("hostKeyFingerprint", into: &value.sftp.hostKeyFingerprint)
                    try f.read("remoteDirectory", into: &value.sftp.remoteDirectory)
                    try f.read("connectTimeoutSeconds", into: &value.sftp.connectTimeoutSeconds, in: 1...600)
                    try f.rejectUnknownKeys()
                }
                if var e = try d.section("encryption") {
                    try e.read("type", into: &value.encryption.type)
                    try e.read("recipientKeyFile", into: &value.encryption.recipientKeyFile)
                    try e.read("recipientFingerprint", into: &value.encryption.recipientFingerprint)
                    try e.read("signingKeyFile", into: &value.encryption.signingKeyFile)
                    try e.read("signingPassphraseEnvironment", into: &value.encryption.signingPassphraseEnvironment)
                    try e.read("certificateFile", into: &value.encryption.certificateFile)
                    try e.rejectUnknownKeys()
                }
                try d.rejectUnknownKeys()
                destinations[name] = value
            }
        }
        try top.rejectUnknownKeys()
    }

    /// Environment variables win over the file. Documented in Config/ach-worker.yaml.
    mutating func applyEnvironment(_ environment: [String: String]) throws {
        if let url = environment["DATABASE_URL"], !url.isEmpty { database.url = url }
        if let level = environment["ACH_LOG_LEVEL"], !level.isEmpty { logging.level = level }
        if let id = environment["ACH_WORKER_ID"], !id.isEmpty { pool.workerID = id }
        if let port = environment["ACH_METRICS_PORT"], !port.isEmpty {
            guard let value = Int(port), (0...65_535).contains(value) else {
                throw ConfigurationError(.badValue, at: "environment ACH_METRICS_PORT", "expected a port number")
            }
            metrics.port = value
        }
    }

    /// Cross-field checks that a single key cannot express.
    func check() throws {
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(logging.level) else {
            throw ConfigurationError(
                .badValue, at: "logging.level", "expected one of \(levels.joined(separator: ", "))")
        }
        guard TimeZone(identifier: validation.timeZone) != nil else {
            throw ConfigurationError(.badValue, at: "validation.timeZone", "unknown time zone \(validation.timeZone)")
        }
        for (name, d) in destinations.sorted(by: { $0.key < $1.key }) {
            let at = "destinations.\(name)"
            guard TimeZone(identifier: d.timeZone) != nil else {
                throw ConfigurationError(.badValue, at: "\(at).timeZone", "unknown time zone \(d.timeZone)")
            }
            for cutoff in d.cutoffs where Self.parseTime(cutoff) == nil {
                throw ConfigurationError(.badValue, at: "\(at).cutoffs", "expected HH:MM, got \(cutoff)")
            }
            guard d.odfiIdentification.count == 8, d.odfiIdentification.allSatisfy(\.isNumber) else {
                throw ConfigurationError(
                    .badValue, at: "\(at).odfiIdentification", "expected the ODFI routing number's first 8 digits")
            }
            guard ["directory", "sftp"].contains(d.deliveryType) else {
                throw ConfigurationError(
                    .badValue, at: "\(at).deliveryType", "expected directory or sftp, got \(d.deliveryType)")
            }
            guard ["none", "openpgp", "cms"].contains(d.encryption.type) else {
                throw ConfigurationError(
                    .badValue, at: "\(at).encryption.type", "expected none, openpgp or cms, got \(d.encryption.type)")
            }
            guard d.fileName.contains("{modifier}") || d.fileName.contains("{id}") else {
                throw ConfigurationError(
                    .badValue, at: "\(at).fileName", "must contain {modifier} or {id} so that names are unique")
            }
        }
        // Building the rules' settings checks the validation section's values.
        _ = try validationSettings()
        _ = try sameDaySchedule()
        _ = try originatorPolicies()
        for (name, originator) in originators.sorted(by: { $0.key < $1.key }) {
            guard destinations[originator.destination] != nil else {
                throw ConfigurationError(
                    .badValue, at: "originators.\(name).destination",
                    "names destination \"\(originator.destination)\", which is not configured")
            }
            for direction in originator.directions where direction != "credit" && direction != "debit" {
                throw ConfigurationError(
                    .badValue, at: "originators.\(name).directions", "expected credit or debit, got \(direction)")
            }
            try checkCallback(originator.callback, at: "originators.\(name).callback")
        }
        guard callbacks.initialBackoffMilliseconds <= callbacks.maxBackoffMilliseconds else {
            throw ConfigurationError(
                .badValue, at: "callbacks.initialBackoffMilliseconds",
                "must not exceed callbacks.maxBackoffMilliseconds")
        }
    }

    /// `HH:MM` → (hour, minute).
    static func parseTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return (h, m)
    }

    /// The worker id used in leases: configured, or `hostname-pid`.
    public var workerID: String {
        if !pool.workerID.isEmpty { return pool.workerID }
        return "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
