import Foundation
import XCTest

/// RRSIG_EXPIRING_SOON in `check` covers every RRset the check acts on (the MX, each host's
/// addresses and its TLSA records), with `--expiry-warning-days` as in `chain`. The lab signs
/// every zone for 30 days from its start (Docs/Lab.md), which sets what is expected.
final class CheckExpiryAdviceTests: XCTestCase {
  let used = [
    "ee-valid.example. MX", "mx1.ee-valid.example. A", "_25._tcp.mx1.ee-valid.example. TLSA",
  ]

  private func expiring(_ arguments: [String]) throws -> [String] {
    let result = try DanescopeBinary.run(["check", "--lab", "ee-valid", "--json"] + arguments)
    XCTAssertEqual(result.status, 0, result.stderr)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let findings = try XCTUnwrap((json as? [String: Any])?["findings"] as? [[String: Any]])
    return findings.filter { $0["code"] as? String == "RRSIG_EXPIRING_SOON" }
      .compactMap { $0["subject"] as? String }
  }

  func testAThresholdBeyondTheLabsWindowWarnsOfEveryRRsetUsedOnce() throws {
    let subjects = try expiring(["--expiry-warning-days", "40"])
    for subject in used {
      XCTAssertEqual(subjects.filter { $0 == subject }.count, 1, "\(subject) in \(subjects)")
    }
  }

  func testTheDefaultWeekSaysNothingOfAFreshLab() throws {
    XCTAssertEqual(try expiring([]), [])
  }

  func testAtATimeInTheLastWeekEveryRRsetUsedIsExpiringSoon() throws {
    let later = Int(Date().timeIntervalSince1970) + 27 * 86_400
    let subjects = try expiring(["--at", "\(later)"])
    for subject in used {
      XCTAssertTrue(subjects.contains(subject), "\(subject) in \(subjects)")
    }
  }
}
