import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// A check whose MX lookup gets no answer (the forwarder, on loopback, never replies) ends like
/// any other: the status line says it was checked, the panes stop saying "Checking…", and the
/// upstream finding comes first, as in `check`.
final class ConsoleFailedCheckTests: XCTestCase {
  func testACheckThatCouldNotCompleteEndsAndSaysWhy() async throws {
    // A UDP socket that is bound and never read: queries to it go unanswered.
    let silent = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    XCTAssertGreaterThanOrEqual(silent, 0)
    defer { close(silent) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(silent, pointer, length) == 0 && getsockname(silent, pointer, &length) == 0
      }
    }
    XCTAssertTrue(bound)
    let port = UInt16(bigEndian: address.sin_port)
    let engine = try CheckEngine.make(
      .forwarders([try ForwarderAddress(host: "127.0.0.1", port: port)], trustAnchorFile: nil),
      timeout: .milliseconds(300))
    var state = await stateAfterTyping("example.org", engine: engine, label: "forwarder")

    let report = try XCTUnwrap(state.report)
    XCTAssertTrue(report.mxNote?.hasPrefix("Incomplete: ") ?? false, report.mxNote ?? "-")
    XCTAssertEqual(report.findings.first?.code.rawValue, "UPSTREAM_UNREACHABLE")
    XCTAssertTrue(state.statusMessage?.hasPrefix("Checked example.org.") ?? false,
      state.statusMessage ?? "-")
    let screen = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertFalse(screen.contains("Checking"), screen)
    XCTAssertTrue(screen.contains("DANE deferred"), screen)
    // One root cause, said once, from the top of the chain down; the upstream first.
    _ = state.handle(.character("4"))
    let pane = Renderer().render(state).lines.joined(separator: "\n")
    let upstream = try XCTUnwrap(pane.range(of: "UPSTREAM_UNREACHABLE"))
    let root = try XCTUnwrap(pane.range(of: "LOOKUP_FAILED  . DNSKEY"))
    XCTAssertLessThan(upstream.lowerBound, root.lowerBound, pane)
    XCTAssertEqual(pane.components(separatedBy: "example.org. MX failed").count, 2, pane)
    let orgSOA = try XCTUnwrap(pane.range(of: "org. SOA failed"))
    XCTAssertLessThan(root.lowerBound, orgSOA.lowerBound, pane)
  }
}
