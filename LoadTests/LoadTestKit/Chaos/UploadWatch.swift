import Foundation

/// Which daemon is talking to the bank right now: each delivery attempt opens its own SSH
/// connection and closes it when the file is renamed into place, so a daemon holding an
/// established TCP connection to the SFTP port is in the middle of an upload. Read from /proc
/// (Linux): the connection's socket inode in /proc/net/tcp, and the daemon whose descriptors
/// include that socket.
enum UploadWatch {
    static func uploader(among daemons: [ChaosDaemon], sftpPort: Int) -> ChaosDaemon? {
        let inodes = establishedSocketInodes(toPort: sftpPort)
        guard !inodes.isEmpty else { return nil }
        for daemon in daemons {
            guard let pid = daemon.pid,
                let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
            else { continue }
            for fd in fds {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                    target.hasPrefix("socket:[")
                else { continue }
                if inodes.contains(String(target.dropFirst("socket:[".count).dropLast())) { return daemon }
            }
        }
        return nil
    }

    /// Inodes of established IPv4 connections whose remote end is `port`.
    static func establishedSocketInodes(toPort port: Int) -> Set<String> {
        // Read to the end: String(contentsOfFile:) stops after the first page of a /proc file
        // (their size reads as 0), which holds only the first ~27 connections.
        guard let handle = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return [] }
        defer { try? handle.close() }
        let table = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var inodes: Set<String> = []
        for line in table.split(separator: "\n").dropFirst() {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, fields[3] == "01",
                let remotePort = fields[2].split(separator: ":").last.flatMap({ Int($0, radix: 16) }),
                remotePort == port
            else { continue }
            inodes.insert(String(fields[9]))
        }
        return inodes
    }
}
