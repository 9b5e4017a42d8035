// swift-tools-version:6.0
import PackageDescription

// danescope: a terminal console for DNSSEC and DANE for SMTP.
// No outside packages: the C libraries come from Debian (see Makefile `deps`).
let package = Package(
  name: "danescope",
  products: [
    .executable(name: "danescope", targets: ["danescope"]),
  ],
  targets: [
    // System-library bridges: a module map plus a shim header each.
    .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
    .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
    .systemLibrary(name: "CUnbound", path: "Sources/CUnbound"),

    // The shared validation core: no UI, no ncurses. OpenSSL is linked here rather than in
    // its module map so that release builds can take the static archives (Docs/Decisions.md
    // D-build-1: loading the shared libssl and libcrypto costs about 1 ms at every start).
    .target(
      name: "ValidationCore", dependencies: ["COpenSSL", "CUnbound"],
      linkerSettings: [
        .linkedLibrary("ssl", .when(configuration: .debug)),
        .linkedLibrary("crypto", .when(configuration: .debug)),
        .unsafeFlags(
          ["-Xlinker", "-l:libssl.a", "-Xlinker", "-l:libcrypto.a"],
          .when(configuration: .release)),
      ]),
    // The embedded lab: keys, signer, scenarios, in-process STARTTLS servers.
    .target(name: "Lab", dependencies: ["ValidationCore", "COpenSSL"]),
    // The ncurses front.
    .target(name: "Console", dependencies: ["ValidationCore", "Lab", "CNcurses"]),
    // Command line and wiring; the parser lives in a library so tests can reach it.
    .target(name: "CommandLineInterface", dependencies: ["ValidationCore", "Lab", "Console"]),
    .executableTarget(name: "danescope", dependencies: ["CommandLineInterface"]),
    // Benchmarks: `make bench` runs this in release mode.
    .executableTarget(
      name: "danescope-bench", dependencies: ["ValidationCore", "Lab", "Console", "COpenSSL"],
      path: "Benchmarks"),

    .testTarget(name: "ValidationCoreTests", dependencies: ["ValidationCore", "COpenSSL"]),
    .testTarget(name: "LabTests", dependencies: ["Lab", "ValidationCore"]),
    // Screens/ holds the stored screens, read by path relative to the test file.
    .testTarget(
      name: "ConsoleTests", dependencies: ["Console", "ValidationCore", "Lab"], exclude: ["Screens"]),
    .testTarget(name: "CommandLineInterfaceTests", dependencies: ["CommandLineInterface"]),
    // Integration tests: real nsd, unbound, postfix, ldns and BIND tools on loopback, and the
    // real danescope binary.
    .testTarget(
      name: "IntegrationTests",
      dependencies: [
        "ValidationCore", "Lab", "Console", "CommandLineInterface", "danescope",
      ]),
  ]
)
