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

    // The shared validation core: no UI, no ncurses.
    .target(name: "ValidationCore", dependencies: ["COpenSSL", "CUnbound"]),
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
      path: "Benchmarks", exclude: ["Floor"]),

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
