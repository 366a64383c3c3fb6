// swift-tools-version: 6.1
import PackageDescription

/// Applied to every Swift target so the whole package is held to the same rules.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ach-worker",
    products: [
        .executable(name: "ach-worker", targets: ["ach-worker"]),
        .executable(name: "ach-loadtest", targets: ["ach-loadtest"]),
        .library(name: "ACH", targets: ["ACH"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C libraries from Debian, wrapped as system library targets.
        .systemLibrary(
            name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CLibSSH2", path: "Sources/CLibSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CGPGME", path: "Sources/CGPGME", pkgConfig: "gpgme", providers: [.apt(["libgpgme-dev"])]),

        // Pure: NACHA records, writer, reader, calendar, CSV import. No I/O.
        .target(name: "ACH", swiftSettings: swiftSettings),
        // Pure: the transfer rules and amount splitting.
        .target(name: "Validation", dependencies: ["ACH"], swiftSettings: swiftSettings),
        // The only module with SQL: libpq wrapper, migrations, job table, events.
        .target(
            name: "Store",
            dependencies: ["ACH", "CLibPQ", .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings),
        // Getting files to the bank: encryption (GPGME, OpenSSL CMS), SFTP (libssh2), outbox folder.
        .target(
            name: "Delivery",
            dependencies: ["ACH", "CLibSSH2", "COpenSSL", "CGPGME", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        // Account numbers at rest: AES-256-GCM sealing with rotating keys, keyed hashes for look-ups.
        .target(name: "Vault", dependencies: ["COpenSSL", "Delivery"], swiftSettings: swiftSettings),
        // Signed webhooks: Standard Webhooks signing, the JSON body and the HTTP POST.
        .target(
            name: "Notifications",
            dependencies: [
                "Delivery",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // The Dispatch-based pool, configuration, metrics and the services that wire it all.
        .target(
            name: "Worker",
            dependencies: [
                "ACH", "Validation", "Store", "Delivery", "Vault", "Notifications",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ach-worker",
            dependencies: [
                "Worker", "Store", "ACH", "Validation", "Vault",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/ach-worker",
            swiftSettings: swiftSettings),
        // The load-test runner (LoadTests/README.md): its logic in a library, a thin executable.
        .target(
            name: "LoadTestKit",
            dependencies: [
                "Worker", "Store", "ACH", "Validation", "Vault", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "LoadTests/LoadTestKit", swiftSettings: swiftSettings),
        .executableTarget(
            name: "ach-loadtest",
            dependencies: [
                "LoadTestKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "LoadTests/ach-loadtest", swiftSettings: swiftSettings),
        .executableTarget(
            name: "nacha-bench", dependencies: ["ACH"], path: "Benchmarks/nacha-bench",
            swiftSettings: swiftSettings),

        .testTarget(name: "ACHTests", dependencies: ["ACH"], swiftSettings: swiftSettings),
        .testTarget(name: "ValidationTests", dependencies: ["ACH", "Validation"], swiftSettings: swiftSettings),
        // Shared by the test targets: a throwaway sshd and small process/filesystem helpers.
        .target(
            name: "TestSupport", dependencies: ["Delivery", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultTests", dependencies: ["Vault"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ACH", "Validation", "Store", "Worker", "Delivery", "Vault", "Notifications", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
    ]
)
