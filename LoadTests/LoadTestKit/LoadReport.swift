import Foundation

/// What a run measured. Encoded as the `--json` object (snake_case keys) and printed as a table.
public struct LoadReport: Sendable, Codable {
    public struct Latency: Sendable, Codable {
        public var p50: Double
        public var p99: Double
        public var max: Double
    }

    public struct Latencies: Sendable, Codable {
        public var pendingToAccepted: Latency
        public var pendingToSent: Latency
    }

    public struct InFlight: Sendable, Codable {
        public var observed: Int
        public var cap: Int
    }

    public struct Settings: Sendable, Codable {
        public var connections: Int
        public var claimBatchSize: Int
        public var flushBatchSize: Int
        public var flushIntervalMs: Int
        public var maxEntriesPerFile: Int
        public var rate: Int?
        public var historyRows: Int
    }

    public var transfers: Int
    public var profile: String
    /// From the pool's start (after a backlog was seeded; at the first insert with `--rate`) to
    /// the last file delivered.
    public var elapsedSeconds: Double
    /// Transfers brought to their final state (sent in a delivered file, or rejected), events
    /// written, per second of `elapsed_seconds`.
    public var transfersPerSecond: Double
    public var seedSeconds: Double
    public var accepted: Int
    public var rejected: Int
    public var files: Int
    public var entries: Int
    public var latencyMs: Latencies
    public var maxInFlight: InFlight
    public var peakRssMb: Double
    public var ceilingPerSecond: Double?
    public var ratioToCeiling: Double?
    /// The lifecycle floor (`floor.sh`): the four status changes and their events alone.
    public var floorPerSecond: Double?
    public var ratioToFloor: Double?
    public var lost: Int
    public var duplicated: Int
    public var eventsMissing: Int
    public var invalidFiles: Int
    public var fileTotalMismatches: Int
    public var filesNotSent: Int
    public var settings: Settings

    /// The run proves nothing was lost, duplicated or misfiled.
    public var passed: Bool {
        lost == 0 && duplicated == 0 && invalidFiles == 0 && fileTotalMismatches == 0 && filesNotSent == 0
            && maxInFlight.observed <= maxInFlight.cap
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// What a run prints and how it ends: a load run's report or a chaos run's.
public protocol RunReport: Sendable {
    /// Nothing lost, duplicated or misfiled (exit 0; otherwise 1).
    var passed: Bool { get }
    func json() throws -> String
    func table() -> String
}

extension LoadReport: RunReport {}
extension ChaosReport: RunReport {}
