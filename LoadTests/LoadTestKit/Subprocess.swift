import Dispatch
import Foundation

/// Runs helper programs (gpg, the shell scripts) to completion. Waiting for a child blocks a
/// thread, so it happens on a Dispatch queue of our own, never on Swift's cooperative pool.
enum Subprocess {
    private static let queue = DispatchQueue(label: "ach-loadtest.subprocess", attributes: .concurrent)

    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs `executable` (a path, or a name looked up in PATH through /usr/bin/env) with `arguments`.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> Output
    {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try runBlocking(executable, arguments, environment) }) }
        }
    }

    /// Like `run`, but a non-zero exit is a `LoadTestError` carrying the program's stderr.
    static func output(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
        async throws -> Data
    {
        let result = try await run(executable, arguments, environment: environment)
        guard result.status == 0 else {
            throw LoadTestError(
                .toolFailed,
                "\(executable) \(arguments.prefix(3).joined(separator: " ")) exited \(result.status): "
                    + result.stderr.suffix(2000))
        }
        return result.stdout
    }

    /// posix_spawn and waitpid rather than Foundation's `Process`: a script that starts a daemon
    /// (postgres.sh starting the server) left `Process.waitUntilExit` waiting forever on Linux.
    /// Output goes to temporary files, not pipes, for the same reason: a daemon may keep a pipe's
    /// write end open, and a reader waiting for end-of-file would wait for the daemon to exit.
    private static func runBlocking(_ executable: String, _ arguments: [String], _ environment: [String: String])
        throws -> Output
    {
        let folder = try makeShortTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pid = try spawnChild(
            executable, arguments, environment: environment, stdout: folder + "/out", stderr: folder + "/err")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (they are macros in C).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let stdout = FileManager.default.contents(atPath: folder + "/out") ?? Data()
        let stderr = FileManager.default.contents(atPath: folder + "/err") ?? Data()
        return Output(status: exitStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Starts `executable` (a path, or a name looked up in PATH through /usr/bin/env) with stdin
/// from /dev/null and stdout and stderr appended to files, never to pipes (see `Subprocess`),
/// and returns its process id. The child starts with no signal blocked and every handler at its
/// default: Dispatch's threads block signals, and an inherited mask left pgbench spinning past
/// its -T and would let a child ignore the SIGTERM meant to stop it.
func spawnChild(
    _ executable: String, _ arguments: [String], environment: [String: String], unsetting: [String] = [],
    stdout: String, stderr: String
) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    // Nothing else we hold open reaches the child: a server it starts (PostgreSQL, sshd) would
    // keep an inherited pipe or socket open for its whole life. (glibc 2.34+; looked up at run
    // time because the Glibc module does not export it.)
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    for key in unsetting { env[key] = nil }
    let program = executable.hasPrefix("/") ? executable : "/usr/bin/env"
    let argv = (executable.hasPrefix("/") ? [executable] : ["env", executable]) + arguments
    let envp = env.map { "\($0.key)=\($0.value)" }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    var all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = withCStringArray(argv) { cArgv in
        withCStringArray(envp) { cEnvp in posix_spawn(&pid, program, &actions, &attributes, cArgv, cEnvp) }
    }
    guard spawned == 0 else {
        throw LoadTestError(.toolFailed, "cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    return pid
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`, valid during the call.
private func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
