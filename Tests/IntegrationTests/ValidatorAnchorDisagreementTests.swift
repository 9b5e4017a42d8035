import Foundation
import XCTest

/// A `--resolver-conf` whose only anchor is a `trusted-keys-file:` (BIND's syntax), which
/// libunbound reads and danescope's chain engine does not (D-resolver-4): libunbound validates
/// and says secure, the engine has no anchor and says insecure. Two determinate verdicts that
/// differ are a VALIDATOR_DISAGREEMENT (D-report-2), in `chain` and in `check`. The real binary
/// and the fixture's signed zones as auth-zones (nothing is queried); libunbound's verdict from
/// the same key is the reference.
final class ValidatorAnchorDisagreementTests: XCTestCase {
  nonisolated(unsafe) static var shared: ChainFixture?
  nonisolated(unsafe) static var setUpError: Error?

  override class func setUp() {
    super.setUp()
    do {
      shared = try ChainFixture(leaves: [
        ChainFixture.signedLeaf("good.tld.", extra: "nullmx.good.tld. IN MX 0 .")
      ])
    } catch {
      setUpError = error
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  /// The fixture's zones with the root KSK given only as a BIND `trusted-keys` file, in a folder
  /// that lives as long as the caller keeps it.
  private func trustedKeysConf() throws -> (TemporaryDirectory, URL) {
    if let error = Self.setUpError { throw error }
    let fixture = try XCTUnwrap(Self.shared)
    let folder = try TemporaryDirectory("danescope-trusted-keys")
    let ksk = try XCTUnwrap(fixture.rootDNSKEYs.first)
    // ldns writes a comment after the key (";{id = …}").
    let record = ksk.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ksk
    let fields = record.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let index = try XCTUnwrap(fields.firstIndex(of: "DNSKEY"), ksk)
    let (flags, protocolNumber, algorithm) = (fields[index + 1], fields[index + 2], fields[index + 3])
    XCTAssertEqual(flags, "257", ksk)
    let key = fields[(index + 4)...].joined()
    let keys = try folder.write(
      "root.keys",
      "trusted-keys {\n  \".\" \(flags) \(protocolNumber) \(algorithm) \"\(key)\";\n};\n")
    let conf = try fixture.writeAuthZoneConf(
      anchors: "  trusted-keys-file: \"\(keys.path)\"\n", in: folder)
    return (folder, conf)
  }

  private func disagreement(_ json: String) throws -> [String: String]? {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
    var found: [String: Any]?
    func walk(_ value: Any) {
      if let finding = value as? [String: Any] {
        if finding["code"] as? String == "VALIDATOR_DISAGREEMENT", found == nil { found = finding }
        finding.values.forEach(walk)
      } else if let array = value as? [Any] {
        array.forEach(walk)
      }
    }
    walk(object)
    guard let found else { return nil }
    var evidence: [String: String] = ["subject": found["subject"] as? String ?? ""]
    for item in found["evidence"] as? [[String: Any]] ?? [] {
      if let label = item["label"] as? String { evidence[label] = item["value"] as? String }
    }
    return evidence
  }

  func testChainWithATrustedKeysFileOnlyIsADisagreement() throws {
    let (folder, conf) = try trustedKeysConf()
    defer { withExtendedLifetime(folder) {} }
    let result = try TestProcess.run(
      DanescopeBinary.url.path,
      ["chain", "www.good.tld.", "A", "--json", "--resolver-conf", conf.path], timeout: 60)
    XCTAssertFalse(result.stdout.isEmpty, result.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let top = try XCTUnwrap(object as? [String: Any], result.stdout + result.stderr)
    XCTAssertEqual(top["validatorStatus"] as? String, "secure", "\(top)")
    XCTAssertEqual(top["status"] as? String, "insecure", "\(top)")
    let found = try XCTUnwrap(try disagreement(result.stdout), result.stdout)
    XCTAssertEqual(found["subject"], "www.good.tld. A")
    XCTAssertEqual(found["engine"], "insecure")
    XCTAssertEqual(found["validator"], "secure")
    XCTAssertTrue(found["engine reason"]?.contains("no trust anchor") ?? false, "\(found)")
    XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
  }

  func testCheckWithATrustedKeysFileOnlyIsADisagreement() throws {
    let (folder, conf) = try trustedKeysConf()
    defer { withExtendedLifetime(folder) {} }
    let result = try TestProcess.run(
      DanescopeBinary.url.path,
      ["check", "nullmx.good.tld.", "--json", "--resolver-conf", conf.path], timeout: 60)
    XCTAssertFalse(result.stdout.isEmpty, result.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let top = try XCTUnwrap(object as? [String: Any], result.stdout + result.stderr)
    let mx = try XCTUnwrap(top["mx"] as? [String: Any], "\(top)")
    XCTAssertEqual(mx["status"] as? String, "secure", "\(mx)")
    let found = try XCTUnwrap(try disagreement(result.stdout), result.stdout)
    XCTAssertEqual(found["subject"], "nullmx.good.tld. MX")
    XCTAssertEqual(found["engine"], "insecure")
    XCTAssertEqual(found["validator"], "secure")
    XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
    let text = try TestProcess.run(
      DanescopeBinary.url.path, ["check", "nullmx.good.tld.", "--resolver-conf", conf.path],
      timeout: 60)
    XCTAssertTrue(text.stdout.contains("VALIDATOR_DISAGREEMENT"), text.stdout)
  }
}
