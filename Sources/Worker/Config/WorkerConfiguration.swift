/// Everything the daemon and the commands can be told, with the defaults of `Config/ach-worker.yaml`.
///
/// Loaded in one place (`WorkerConfiguration.load`): the YAML file, then environment overrides.
/// Every key is documented in `Config/ach-worker.yaml`, next to its default.
public struct WorkerConfiguration: Sendable, Equatable {
    public var database = Database()
    public var pool = Pool()
    public var metrics = Metrics()
    public var logging = Logging()
    public var validation = Validation()
    public var originators: [String: Originator] = ["demo": .demo]
    public var destinations: [String: Destination] = ["demo-bank": .demo]
    public var files = Files()
    public var accountKeys = AccountKeys()
    public var callbacks = Callbacks()

    public init() {}

    /// The keys that seal account numbers at rest (see `VaultKeyRing` for the file's format).
    public struct AccountKeys: Sendable, Equatable {
        /// A file of `ID BASE64` lines plus `lookup BASE64`, readable by this account only.
        public var file = "var/keys/accounts.keys"
        /// Or: an environment variable holding the same text (wins over `file` when set).
        public var environment = ""
        /// The key id new values are sealed with.
        public var current = "k1"
    }

    public struct Database: Sendable, Equatable {
        /// libpq connection URI. `DATABASE_URL` overrides it.
        public var url = "postgresql://ach@127.0.0.1:5432/ach"
        /// Connections the pool opens for claims and completions (plus one for LISTEN).
        public var connections = 3
    }

    public struct Pool: Sendable, Equatable {
        /// At most this many transfers claimed and not yet finished, process-wide.
        public var maxInFlight = 10_000
        /// Most transfers one claim statement takes.
        public var claimBatchSize = 500
        /// How long a claim is valid; a transfer whose worker died is claimed again after it.
        public var leaseSeconds = 60
        /// Attempts before a transfer that keeps failing becomes `failed`.
        public var maxAttempts = 5
        /// Base delay before a retried transfer is due again (multiplied by its attempts).
        public var retryDelaySeconds = 10
        /// The batch completer writes at least this often…
        public var flushIntervalMilliseconds = 50
        /// …or as soon as it holds this many outcomes.
        public var flushBatchSize = 500
        /// Polling fallback when no NOTIFY arrives.
        public var pollIntervalMilliseconds = 1_000
        /// How often expired leases are looked for.
        public var reapIntervalSeconds = 5
        /// A batch still being validated after this long is given up (its transfers become
        /// suspects, see `Config/ach-worker.yaml`); keep it below `leaseSeconds`.
        public var processingTimeoutSeconds = 30
        /// Names this daemon in leases and events; empty means `hostname-pid`.
        public var workerID = ""
    }

    public struct Metrics: Sendable, Equatable {
        /// Serve `/metrics`, `/healthz` and `/readyz`.
        public var enabled = true
        /// Loopback by default: metrics are not for the outside world.
        public var host = "127.0.0.1"
        public var port = 9464
    }

    public struct Logging: Sendable, Equatable {
        /// trace, debug, info, notice, warning, error, critical.
        public var level = "info"
    }

    public struct Validation: Sendable, Equatable {
        /// The banks' time zone: NACHA dates and cutoffs are days and times there.
        public var timeZone = "America/New_York"
        /// How far ahead an effective date may be.
        public var schedulingWindowDays = 30
        /// An effective date on a weekend or Fed holiday: `rollForward` to the next banking day, or `reject`.
        public var nonBankingDay = "rollForward"
        /// A same-day request after today's last cutoff: `rollToNextWindow` (first window of the next
        /// banking day), `convertToStandard` (next-day standard entry) or `reject`.
        public var sameDayPastCutoff = "rollToNextWindow"
        /// A same-day request above the same-day limit: `reject`, or `split` into entries under it.
        public var sameDayOverLimit = "reject"
        /// Same Day ACH submission cutoffs, local time in `timeZone`.
        public var sameDayCutoffs = ["10:30", "14:45", "16:45"]
        /// Same Day ACH per-payment limit, in cents.
        public var sameDayLimitCents: Int64 = 100_000_000
        /// Same originator, account, amount and date within this many days: a probable duplicate.
        public var duplicateWindowDays = 5
        /// Receivers that must never be paid: names (case-insensitive) and account numbers.
        public var blockedNames: [String] = []
        public var blockedAccounts: [String] = []
    }

    public struct Originator: Sendable, Equatable {
        public var active = true
        /// Company name in batch headers (≤ 16 characters).
        public var companyName = ""
        /// Company identification in batch headers (10 characters, often "1" + EIN).
        public var companyID = ""
        /// The destination (bank) its files go to.
        public var destination = ""
        public var secCodes = ["PPD", "CCD", "CTX", "WEB", "TEL"]
        public var directions = ["credit", "debit"]
        /// Largest single entry; larger transfers are split into several entries.
        public var maxEntryAmountCents: Int64 = 9_999_999_999
        /// Largest transfer accepted at all.
        public var maxTransferAmountCents: Int64 = 100_000_000_000
        /// Exposure limits per effective date.
        public var dailyDebitLimitCents: Int64 = 10_000_000_000_000
        public var dailyCreditLimitCents: Int64 = 10_000_000_000_000
        public var sameDayAllowed = true
        /// Where its signed webhooks go; no URL, no callbacks (and no cost).
        public var callback = Callback()

        static let demo = Originator(
            active: true, companyName: "DEMO CORP", companyID: "1234567890", destination: "demo-bank")
    }

    public struct Files: Sendable, Equatable {
        /// Every assembled file is kept here (mode 0600) before it is delivered.
        public var archiveDirectory = "var/archive"
        /// Seal archived NACHA files with the account key ring (AES-256-GCM) instead of keeping
        /// them readable at mode 0600.
        public var encryptArchive = false
        /// Private GnuPG homes (one per destination) for OpenPGP encryption.
        public var gnupgDirectory = "var/gnupg"
        /// Files for different destinations are assembled and delivered in parallel, up to this many.
        public var parallelDestinations = 16
        /// Longest wait between delivery attempts of a file whose bank is unreachable.
        public var maxRetryDelaySeconds = 300
        /// `run --drain`: how long to keep retrying deliveries that fail for a transient reason
        /// before giving up (exit 1; the files stay archived and are sent by the next run).
        public var drainDeliveryTimeoutSeconds = 120
    }

    /// One originator's webhook endpoint. The secret stays outside this file.
    public struct Callback: Sendable, Equatable {
        /// http(s) URL the events are POSTed to; empty: this originator gets no callbacks.
        public var url = ""
        /// Environment variable holding the secret (`whsec_` + base64)…
        public var secretEnvironment = ""
        /// …or a file holding it (readable by the daemon only).
        public var secretFile = ""
    }

    /// How the callback dispatcher delivers (SPEC §7).
    public struct Callbacks: Sendable, Equatable {
        /// Deliveries in flight at once, across all originators and transfers.
        public var concurrency = 16
        /// A receiver that has not answered within this is a failed attempt.
        public var timeoutMilliseconds = 10_000
        /// Attempts go on for this long after the event was queued, then it is `dead`.
        public var maxAgeSeconds = 86_400
        /// The first retry waits about this long; each further one twice as long (with jitter)…
        public var initialBackoffMilliseconds = 5_000
        /// …up to this.
        public var maxBackoffMilliseconds = 3_600_000
        /// Deliveries claimed per database round trip (the outbox cursor reads ten times as many
        /// events per step).
        public var batchSize = 200
        /// How often an idle dispatcher looks for new events.
        public var pollIntervalMilliseconds = 1_000
        /// `run --drain`: how long to wait for deliverable callbacks before exiting anyway.
        public var drainTimeoutSeconds = 30
    }

    public struct Destination: Sendable, Equatable {
        /// Receiving point (the bank's routing number), file header positions 4–13.
        public var immediateDestination = ""
        public var immediateDestinationName = ""
        /// Our identification at that bank, file header positions 14–23.
        public var immediateOrigin = ""
        public var immediateOriginName = ""
        /// ODFI routing number's first eight digits: trace number prefix and batch header ODFI.
        public var odfiIdentification = ""
        /// The bank's time zone: file dates and cutoffs are local there.
        public var timeZone = "America/New_York"
        /// When files are assembled and sent each banking day, local time.
        public var cutoffs = ["10:00", "14:00", "16:30"]
        /// Most entry detail records in one file; more entries make more files.
        public var maxEntriesPerFile = 100_000
        /// File name; `{destination}`, `{date}` (YYYYMMDD), `{modifier}` and `{id}` are filled in.
        /// The encryption's extension (`.pgp`, `.p7m`) is appended.
        public var fileName = "{destination}-{date}-{modifier}.ach"
        /// Where files go: `directory` (a local outbox folder) or `sftp`.
        public var deliveryType = "directory"
        /// `directory`: the outbox folder.
        public var directory = "var/outbox"
        public var sftp = SFTP()
        public var encryption = Encryption()

        static let demo = Destination(
            immediateDestination: "091000019", immediateDestinationName: "DEMO BANK",
            immediateOrigin: "1234567890", immediateOriginName: "DEMO CORP", odfiIdentification: "09100001")
    }

    /// A bank's SFTP server. The private key and its passphrase stay outside this file.
    public struct SFTP: Sendable, Equatable {
        public var host = ""
        public var port = 22
        public var username = ""
        /// Path to our private key (OpenSSH or PEM format), readable by the daemon only.
        public var privateKeyFile = ""
        /// Environment variable holding the key's passphrase, if it has one.
        public var passphraseEnvironment = ""
        /// The server's host key, pinned: `SHA256:…` as `ssh-keygen -lf` prints it.
        public var hostKeyFingerprint = ""
        /// Folder on the server the files go into.
        public var remoteDirectory = "."
        public var connectTimeoutSeconds = 10
    }

    /// How files are encrypted for the bank.
    public struct Encryption: Sendable, Equatable {
        /// `none`, `openpgp` (GPGME) or `cms` (OpenSSL CMS EnvelopedData).
        public var type = "none"
        /// openpgp: the bank's armored public key file, and optionally its fingerprint to pin.
        public var recipientKeyFile = ""
        public var recipientFingerprint = ""
        /// openpgp: our armored secret key to sign with (optional) and the environment variable
        /// holding its passphrase.
        public var signingKeyFile = ""
        public var signingPassphraseEnvironment = ""
        /// cms: the bank's RSA certificate (PEM).
        public var certificateFile = ""
    }
}
