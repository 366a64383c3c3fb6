#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens a TCP connection within a deadline: each resolved address is tried with a
/// non-blocking `connect` and `poll`; the socket returned is back in blocking mode.
enum TCPConnect {
    /// Returns the connected socket; throws `.unreachable` (transient) when name resolution,
    /// every address, or the deadline fails.
    static func openSocket(host: String, port: Int, timeout: Duration) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
        #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            let reason = String(cString: gai_strerror(status))
            throw DeliveryError(.unreachable, "cannot resolve \(host): \(reason)", isTransient: true)
        }
        defer { freeaddrinfo(list) }

        var lastReason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry {
            entry = address.pointee.ai_next
            switch attempt(address.pointee, deadline: deadline) {
            case .success(let fd): return fd
            case .failure(let reason): lastReason = reason
            }
        }
        throw DeliveryError(.unreachable, "cannot connect to \(host):\(port): \(lastReason)", isTransient: true)
    }

    private enum Attempt {
        case success(Int32)
        case failure(String)
    }

    private static func attempt(_ address: addrinfo, deadline: ContinuousClock.Instant) -> Attempt {
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { return .failure(reason(errno)) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let flags = fcntl(fd, F_GETFL)
        guard fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { return fail(fd, errno) }

        if connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { return fail(fd, errno) }
            var ready: Int32 = 0
            repeat {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { return fail(fd, ETIMEDOUT) }
                var pollFD = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                ready = poll(&pollFD, 1, Int32(clamping: LibSSH2.milliseconds(remaining)))
            } while ready == 0 || (ready < 0 && errno == EINTR)
            guard ready > 0 else { return fail(fd, errno) }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length) == 0 else { return fail(fd, errno) }
            guard socketError == 0 else { return fail(fd, socketError) }
        }
        guard fcntl(fd, F_SETFL, flags) == 0 else { return fail(fd, errno) }
        return .success(fd)
    }

    private static func fail(_ fd: Int32, _ code: Int32) -> Attempt {
        close(fd)
        return .failure(reason(code))
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
