import ACH
import Foundation

/// What happens when during a chaos run, in seconds from its start, drawn from the seed.
struct ChaosSchedule: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        /// SIGKILL daemon `daemon` (or the other one if it is down), restart it after `restartAfter` s.
        case kill(daemon: Int, restartAfter: Double)
        /// Watch for `watch` seconds for a daemon in the middle of an upload and SIGKILL it; if
        /// none uploads meanwhile, kill `daemon` at the end of the watch.
        case killUploader(daemon: Int, restartAfter: Double, watch: Double)
        /// `pg_ctl restart -m immediate`.
        case restartPostgres
        case stopSFTP, startSFTP
        case stopReceiver, startReceiver
    }

    struct Event: Sendable, Equatable {
        var at: Double
        var action: Action
    }

    var events: [Event]

    /// `kills` kills over `duration` seconds. Up to half of them are aimed at uploads: from each
    /// minute boundary (when the daemons' per-minute cutoff assembles and uploads files) a kill
    /// waits up to 25 s for a daemon with a connection open to the bank and kills that one. The
    /// rest fall at uniformly random moments. One PostgreSQL restart in the middle third; the
    /// SFTP server down for `outage` seconds across the last minute boundary when there is one
    /// (so that uploads meet it), the receiver down for `outage` seconds at a random moment.
    /// `firstBoundary` is the offset of the next wall-clock minute.
    static func make(
        seed: UInt64, duration: Double, kills: Int, outage: Double, firstBoundary: Double
    ) -> ChaosSchedule {
        var random = SplitMix64(seed: seed)
        let latest = max(2, duration - 3)
        var boundaries: [Double] = []
        var boundary = firstBoundary
        while boundary < latest {
            boundaries.append(boundary)
            boundary += 60
        }
        let sftpBoundary = boundaries.filter { $0 - 3 > 1 && $0 + outage < latest }.last
        let aimed = boundaries.filter { $0 != sftpBoundary || boundaries.count == 1 }.prefix(kills / 2)
        var events: [Event] = aimed.map {
            Event(
                at: $0 + 0.2,
                action: .killUploader(
                    daemon: Int.random(in: 0...1, using: &random),
                    restartAfter: Double.random(in: 0.3...1.5, using: &random), watch: 25))
        }
        while events.count < kills {
            events.append(
                Event(
                    at: Double.random(in: 1...latest, using: &random),
                    action: .kill(
                        daemon: Int.random(in: 0...1, using: &random),
                        restartAfter: Double.random(in: 0.3...1.5, using: &random))))
        }
        events.append(
            Event(at: Double.random(in: duration / 3...duration * 2 / 3, using: &random), action: .restartPostgres))
        let sftpDown =
            sftpBoundary.map { $0 - Double.random(in: 1...3, using: &random) }
            ?? Double.random(in: 1...max(1.5, latest - outage), using: &random)
        events.append(Event(at: sftpDown, action: .stopSFTP))
        events.append(Event(at: sftpDown + outage, action: .startSFTP))
        let receiverDown = Double.random(in: duration / 4...max(duration / 4 + 0.1, latest - outage), using: &random)
        events.append(Event(at: receiverDown, action: .stopReceiver))
        events.append(Event(at: receiverDown + outage, action: .startReceiver))
        return ChaosSchedule(events: events.sorted { $0.at < $1.at })
    }
}
