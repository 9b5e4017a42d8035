import ValidationCore
import XCTest

@testable import CommandLineInterface

/// `trace`'s result line for a probe stopped before its dialogue ended uses the verdict's word,
/// `incomplete`, as `check`, `--json` (Docs/JSON.md) and the console do.
final class TraceIncompleteSummaryTests: XCTestCase {
  func testAStoppedProbeReadsIncompleteInTheResultLine() throws {
    let host = try DNSName("mx1.mail.example.")
    let result = ProbeResult(
      request: ProbeRequest(
        host: host, address: "127.0.0.1", tlsaBaseDomain: host, usableRecords: []),
      startTLS: .dialogueFailed(step: .ehlo, .closedByPeer), greeting: nil, ehlo: nil,
      secureEHLO: nil, peerChain: [], dane: .notAttempted(.noTLSSession), tlsaMatches: [],
      rejectedRecords: [], findings: [], wasCancelled: true)
    let verdict = DANEVerdict.incomplete(reason: "stopped")
    let line = TraceCommand.summary(result, verdict: verdict, tlsa: nil)
    XCTAssertTrue(line.hasPrefix("result: failed during "), line)
    XCTAssertTrue(line.hasSuffix(", incomplete: the probe was stopped"), line)
  }
}
