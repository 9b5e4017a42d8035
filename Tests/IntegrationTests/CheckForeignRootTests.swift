import Foundation
import XCTest

/// `check` through `lab serve` without `--trust-anchor`: danescope validates from the real root
/// anchor (/usr/share/dns/root.key) while the forwarder serves the lab's own, signed root. dig
/// shows what the upstream passes: the root DNSKEY set with its RRSIGs (nothing is stripped),
/// and none of its keys is in root.key. So the cause is the trust anchor matching no key
/// (RFC 4035 §5: validation starts from the anchor), not an upstream that strips DNSSEC.
final class CheckForeignRootTests: XCTestCase {
  func testAnotherSignedRootIsATrustAnchorMismatchNotStrippedDNSSEC() throws {
    let (serve, dnsPort, smtpPort) = try LabTraceTests.labServe()
    defer { serve.stop() }
    // The reference: dig's view of the upstream's root DNSKEY set, and the anchor file.
    let dig = try TestProcess.run(
      "dig", ["+dnssec", "+norecurse", "@127.0.0.1", "-p", "\(dnsPort)", ".", "DNSKEY"])
    let answer = dig.stdout.split(separator: "\n").filter { !$0.hasPrefix(";") }
    XCTAssertTrue(answer.contains { $0.contains("\tRRSIG\tDNSKEY ") }, dig.stdout)
    let served = Set(answer.filter { $0.contains("\tDNSKEY\t") }.compactMap(Self.publicKey))
    XCTAssertFalse(served.isEmpty, dig.stdout)
    let rootKey = try String(contentsOfFile: "/usr/share/dns/root.key", encoding: .utf8)
    let anchored = Set(
      rootKey.split(separator: "\n").filter { $0.contains(" DNSKEY ") }.compactMap(Self.publicKey))
    XCTAssertFalse(anchored.isEmpty, rootKey)
    XCTAssertTrue(served.isDisjoint(with: anchored))

    let arguments = [
      "check", "ee-valid.example", "--forwarder", "127.0.0.1@\(dnsPort)", "--port",
      "\(smtpPort)", "--timeout", "5",
    ]
    let text = try DanescopeBinary.run(arguments)
    let json = try DanescopeBinary.run(arguments + ["--json"])
    XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
    let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let findings = report?["findings"] as? [[String: Any]] ?? []
    XCTAssertEqual(
      findings.first?["code"] as? String, "TRUST_ANCHOR_NO_MATCHING_DNSKEY", "\(findings)")
    XCTAssertFalse(json.stdout.contains("UPSTREAM_STRIPS_DNSSEC"), json.stdout)
    XCTAssertFalse(text.stdout.contains("UPSTREAM_STRIPS_DNSSEC"), text.stdout)
    // The root's zone line, padded to the widest zone name.
    XCTAssertTrue(
      text.stdout.split(separator: "\n").contains {
        $0.hasPrefix("  . ") && $0.dropFirst(4).drop { $0 == " " }
          == "bogus (no DNSKEY matches the trust anchor)"
      }, text.stdout)
    XCTAssertFalse(text.stdout.contains("no DNSKEY matches a DS"), text.stdout)
    for line in text.stdout.split(separator: "\n") {
      XCTAssertFalse(line.hasSuffix(".."), String(line))
    }
    // chain says the same about the root.
    let chain = try DanescopeBinary.run([
      "chain", "ee-valid.example", "MX", "--forwarder", "127.0.0.1@\(dnsPort)", "--json",
    ])
    let chainReport = try JSONSerialization.jsonObject(with: Data(chain.stdout.utf8))
    let chainFindings = (chainReport as? [String: Any])?["findings"] as? [[String: Any]] ?? []
    XCTAssertEqual(
      chainFindings.first?["code"] as? String, "TRUST_ANCHOR_NO_MATCHING_DNSKEY", chain.stdout)
    XCTAssertFalse(chain.stdout.contains("UPSTREAM_STRIPS_DNSSEC"), chain.stdout)
  }

  /// The base64 public key of a DNSKEY line (flags, protocol, algorithm, then the key).
  static func publicKey(_ line: Substring) -> String? {
    let words = line.split(whereSeparator: \.isWhitespace)
    guard let type = words.firstIndex(of: "DNSKEY"), words.count > type + 4 else { return nil }
    return words[(type + 4)...].joined()
  }
}
