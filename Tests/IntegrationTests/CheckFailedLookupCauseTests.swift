import Foundation
import XCTest

/// `check` explains the lookups it defers on or refuses DANE for: the chain engine's root cause
/// (the expired or broken signature over a host's TLSA set, the unsigned delegation above a
/// host's addresses) heads the check's finding, which is listed under it, in text and JSON. The
/// expected causes are those the lab's zones are built with and ldns-verify-zone finds in them
/// (LabDNSToolTests): the `tlsa-expired` TLSA signature is past its expiration, the `tlsa-bogus`
/// TLSA signature does not verify, `hosts.tlsa-unsigned.example.` has no DS at its parent.
final class CheckFailedLookupCauseTests: XCTestCase {
  private func check(_ scenario: String) throws -> (status: Int32, text: String, top: [[String: Any]])
  {
    let text = try DanescopeBinary.run(["check", "--lab", scenario])
    let json = try DanescopeBinary.run(["check", "--lab", scenario, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    let top = (object as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    return (text.status, text.stdout, top)
  }

  private func evidence(_ finding: [String: Any]) -> [String: String] {
    var values: [String: String] = [:]
    for item in finding["evidence"] as? [[String: Any]] ?? [] {
      if let label = item["label"] as? String, values[label] == nil {
        values[label] = item["value"] as? String
      }
    }
    return values
  }

  private func consequences(_ finding: [String: Any]) -> [[String: Any]] {
    finding["consequences"] as? [[String: Any]] ?? []
  }

  /// The text report's Findings section, from its heading on.
  private func findingsSection(_ text: String) throws -> [String] {
    let lines = text.components(separatedBy: "\n")
    let start = try XCTUnwrap(lines.firstIndex(of: "Findings"), text)
    return Array(lines[(start + 1)...])
  }

  func testExpiredTLSASignatureHeadsTLSABogus() throws {
    let result = try check("tlsa-expired")
    XCTAssertEqual(result.status, 1, result.text)
    let owner = "_25._tcp.mx1.tlsa-expired.example."
    XCTAssertEqual(result.top.map { $0["code"] as? String }, ["RRSIG_EXPIRED"], "\(result.top)")
    let cause = try XCTUnwrap(result.top.first)
    XCTAssertEqual(cause["subject"] as? String, "\(owner) TLSA")
    XCTAssertEqual(cause["severity"] as? String, "error")
    let dates = evidence(cause)
    XCTAssertEqual(dates["signer"], "tlsa-expired.example.", "\(dates)")
    let formatter = ISO8601DateFormatter()
    let expired = try XCTUnwrap(dates["expiration"].flatMap(formatter.date(from:)), "\(dates)")
    let inception = try XCTUnwrap(dates["inception"].flatMap(formatter.date(from:)), "\(dates)")
    XCTAssertLessThan(expired, Date())
    XCTAssertLessThan(inception, expired)
    let under = consequences(cause)
    XCTAssertEqual(under.map { $0["code"] as? String }, ["TLSA_BOGUS"])
    XCTAssertEqual(under.first?["subject"] as? String, owner)
    XCTAssertTrue(evidence(under[0])["reason"]?.contains("signature expired") ?? false)
    let lines = try findingsSection(result.text)
    XCTAssertTrue(lines[0].hasPrefix("  [error] RRSIG_EXPIRED: "), result.text)
    XCTAssertTrue(
      lines.contains { $0.hasPrefix("      [error] TLSA_BOGUS: The TLSA records at \(owner)") },
      result.text)
  }

  func testSignatureThatDoesNotVerifyHeadsTLSABogus() throws {
    let result = try check("tlsa-bogus")
    XCTAssertEqual(result.status, 1, result.text)
    let owner = "_25._tcp.mx1.tlsa-bogus.example."
    XCTAssertEqual(result.top.map { $0["code"] as? String }, ["RRSIG_INVALID"], "\(result.top)")
    let cause = try XCTUnwrap(result.top.first)
    XCTAssertEqual(cause["subject"] as? String, "\(owner) TLSA")
    let tag = try XCTUnwrap(evidence(cause)["key tag"].flatMap { UInt16($0) }, "\(cause)")
    XCTAssertEqual(consequences(cause).map { $0["code"] as? String }, ["TLSA_BOGUS"])
    let lines = try findingsSection(result.text)
    XCTAssertTrue(lines[0].hasPrefix("  [error] RRSIG_INVALID: "), result.text)
    XCTAssertTrue(lines[0].contains("The RRSIG by key \(tag) over \(owner) TLSA"), result.text)
    XCTAssertTrue(lines.contains { $0.hasPrefix("      [error] TLSA_BOGUS: ") }, result.text)
  }

  /// RFC 4035 §5.2: below a delegation its parent proves has no DS, the host's addresses are
  /// insecure; ADDRESS_INSECURE is that delegation's consequence (D-report-1: the cause weighs
  /// a warning then).
  func testUnsignedDelegationHeadsAddressInsecure() throws {
    let result = try check("tlsa-unsigned")
    XCTAssertEqual(result.status, 0, result.text)
    XCTAssertEqual(
      result.top.map { $0["code"] as? String }, ["INSECURE_DELEGATION"], "\(result.top)")
    let cause = try XCTUnwrap(result.top.first)
    XCTAssertEqual(cause["subject"] as? String, "hosts.tlsa-unsigned.example.")
    XCTAssertEqual(cause["severity"] as? String, "warning")
    let under = consequences(cause)
    XCTAssertEqual(under.map { $0["code"] as? String }, ["ADDRESS_INSECURE"])
    XCTAssertEqual(under.first?["subject"] as? String, "mx1.hosts.tlsa-unsigned.example.")
  }

  /// A healthy check builds no chain beyond the MX one: nothing of the hosts' chains shows up.
  func testHealthyScenarioGetsNoHostChainFindings() throws {
    let result = try check("ee-valid")
    XCTAssertEqual(result.status, 0, result.text)
    XCTAssertEqual(result.top.map { $0["code"] as? String }, ["TLSA_SINGLE_RECORD"])
  }
}
