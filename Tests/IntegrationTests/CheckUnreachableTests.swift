import Foundation
import XCTest

/// An MX host nothing listens on, through `lab serve` (its DNS on a loopback forwarder with the
/// lab's trust anchor): RFC 5321 §5.1 and RFC 7672 §2.2 leave a sender no way to deliver to that
/// address, so the check reports an error, and the probe's own finding (the refused connection)
/// is listed under it as a consequence that weighs no more than it. The exit status is 1 because
/// of the root cause itself.
final class CheckUnreachableTests: XCTestCase {
  func testUnreachableMXHostIsAnErrorWithItsProbeFindingUnderIt() throws {
    let (serve, dnsPort, _) = try LabTraceTests.labServe()
    defer { serve.stop() }
    // Port 1 (tcpmux) is served by nothing on the lab's loopback addresses: connections are
    // refused.
    let arguments = [
      "check", "ee-valid.example", "--forwarder", "127.0.0.1@\(dnsPort)", "--trust-anchor",
      serve.folder + "/trust-anchor.ds", "--port", "1", "--timeout", "5",
    ]
    let text = try DanescopeBinary.run(arguments)
    let json = try DanescopeBinary.run(arguments + ["--json"])
    XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
    XCTAssertEqual(json.status, 1, json.stdout + json.stderr)
    let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let findings = report?["findings"] as? [[String: Any]] ?? []
    let root = try XCTUnwrap(findings.first { $0["code"] as? String == "MX_UNREACHABLE" })
    XCTAssertEqual(root["severity"] as? String, "error", "\(root)")
    let under = root["consequences"] as? [[String: Any]] ?? []
    XCTAssertEqual(under.map { $0["code"] as? String }, ["SMTP_UNREACHABLE"], "\(under)")
    LabCheckTests.assertNoConsequenceOutweighsItsCause(findings, "ee-valid.example --port 1")
    XCTAssertEqual(report?["worstSeverity"] as? String, "error")
    XCTAssertTrue(
      text.stdout.contains("  [error] MX_UNREACHABLE: MX host mx1.ee-valid.example. could not"),
      text.stdout)
    XCTAssertFalse(text.stdout.contains("[warning] MX_UNREACHABLE"), text.stdout)
  }
}
