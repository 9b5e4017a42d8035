import Console
import Foundation
import ValidationCore
import XCTest

/// The console, like `check` and `chain`, says when the upstream strips DNSSEC. The upstream is
/// nsd on 127.0.0.1 serving a root zone with no DNSSEC records, forwarded to with the built-in
/// root trust anchor: the root DNSKEY set can never validate through it.
final class ConsoleUpstreamTests: XCTestCase {
  func testConsoleCheckPutsTheStrippingUpstreamFindingFirst() async throws {
    let folder = try TemporaryDirectory("danescope-console-upstream")
    let root = try folder.write(
      "root.zone", ResolverFixture.soa(".") + "example. IN MX 10 mx.example.\n")
    let nsd = try NSDServer(zones: [.init(".", file: root)])
    defer { nsd.stop() }
    let forwarder = try ForwarderAddress(parsing: nsd.address)
    let configuration = ResolverConfiguration.forwarders([forwarder], trustAnchorFile: nil)
    XCTAssertTrue(UpstreamCheck.applies(to: configuration))

    let source = CheckConsoleSource(label: "test") {
      try CheckEngine.make(configuration, timeout: .seconds(5), port: try FreePort.next())
    }
    let events = ConsoleEventLog()
    await source.check(domain: "example.", emit: { events.append($0) })
    let reports = events.all.compactMap { event -> ConsoleReport? in
      if case .report(let report) = event { return report }
      return nil
    }
    let last = try XCTUnwrap(reports.last, "no report from the console source")
    let codes = last.findings.map(\.code.rawValue)
    XCTAssertEqual(codes.first, "UPSTREAM_STRIPS_DNSSEC", "\(codes)")
    XCTAssertEqual(codes.filter { $0.hasPrefix("UPSTREAM_") }.count, 1, "\(codes)")
    XCTAssertEqual(
      last.findings.first?.evidence.first { $0.label == "upstream" }?.value, nsd.address)
  }

  func testTheLabEngineHasNoUpstreamToCheck() throws {
    let configuration = ResolverConfiguration.inProcess(zones: [], trustAnchors: [])
    XCTAssertFalse(UpstreamCheck.applies(to: configuration))
  }
}

private final class ConsoleEventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var events: [ConsoleEvent] = []
  func append(_ event: ConsoleEvent) { lock.withLock { events.append(event) } }
  var all: [ConsoleEvent] { lock.withLock { events } }
}
