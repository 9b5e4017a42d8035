import Foundation
import Lab
import ValidationCore
import XCTest

/// The lab's zones, written by `LabBuild.write`, judged by ldns-verify-zone (a reference
/// validator that shares no code with danescope).
final class LabZoneTests: XCTestCase {
  func testEveryExportedZoneVerifiesWithLDNS() throws {
    let folder = try TemporaryDirectory("danescope-lab-zones")
    let build = try Lab.build(clock: SystemClock())
    try build.write(to: folder.url)
    // The root, the TLD, one zone per scenario, and the unsigned `hosts.` child of each
    // scenario that places a host there (tlsa-unsigned, cname-unsigned-target).
    XCTAssertEqual(build.zones.count, Lab.scenarios.count + 2 + 2, "root, TLD, scenarios, hosts")
    XCTAssertEqual(
      build.zones.filter { $0.origin.labels.first == Array("hosts".utf8) }.map(\.origin),
      try ["hosts.tlsa-unsigned.example.", "hosts.cname-unsigned-target.example."].map {
        try DNSName($0)
      })
    for zone in build.zones {
      let file = folder.url.appendingPathComponent("zones").appendingPathComponent(zone.fileName)
      let signed = zone.records.contains { $0.type == .rrsig }
      // -k: the zone's own DNSKEYs are trusted; every RRSIG and the NSEC/NSEC3 chain is checked.
      let result = try TestProcess.run("ldns-verify-zone", ["-V", "2", file.path])
      // The zones broken on purpose, and what ldns must say about each.
      let brokenOnPurpose = [
        Lab.domain(for: "tlsa-bogus"):
          "Bogus DNSSEC signature for _25._tcp.mx1.tlsa-bogus.example.",
        Lab.domain(for: "tlsa-expired"):
          "DNSSEC signature has expired for _25._tcp.mx1.tlsa-expired.example.",
      ]
      if let complaint = brokenOnPurpose[zone.origin] {
        XCTAssertNotEqual(result.status, 0, "\(zone.origin) verified")
        XCTAssertTrue(
          (result.stdout + result.stderr).contains(complaint), result.stderr + result.stdout)
      } else if signed {
        XCTAssertEqual(result.status, 0, "\(zone.origin): \(result.stderr)\(result.stdout)")
      } else {
        // An unsigned zone has nothing to verify: ldns says so and fails.
        XCTAssertNotEqual(result.status, 0, "\(zone.origin) is unsigned yet ldns accepted it")
      }
    }
  }

  /// Docs/Lab.md names every zone file `lab export` writes that ldns-verify-zone refuses, and
  /// why: the signed ones on a TLSA signature (listed before "on their TLSA signature"), the
  /// unsigned ones for having no DNSKEY at their apex. The list is what the tool says of the
  /// exported files, no more and no less (it once left out a `hosts.` zone).
  func testLabDocumentNamesEveryZoneLDNSRefuses() throws {
    let exported = try ExportedLab()
    let zones = exported.lab.appendingPathComponent("zones")
    var signatureFailures: Set<String> = []
    var unsigned: Set<String> = []
    for file in try FileManager.default.contentsOfDirectory(atPath: zones.path).sorted() {
      let result = try TestProcess.run(
        "ldns-verify-zone", ["-V", "2", zones.appendingPathComponent(file).path])
      guard result.status != 0 else { continue }
      let said = result.stdout + result.stderr
      if said.contains("No DNSKEY records at zone apex") {
        unsigned.insert(file)
      } else {
        XCTAssertTrue(said.contains("signature"), "\(file): \(said)")
        signatureFailures.insert(file)
      }
    }
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/Lab.md"), encoding: .utf8)
    let flat = document.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    let start = try XCTUnwrap(flat.range(of: "- every zone `lab export` writes passes"))
    let end = try XCTUnwrap(flat.range(of: "; - ", range: start.upperBound..<flat.endIndex))
    let bullet = flat[start.upperBound..<end.lowerBound]
    let split = try XCTUnwrap(bullet.range(of: "on their TLSA signature"))
    func files(_ text: Substring) -> Set<String> {
      Set(text.matches(of: /`([a-z0-9.-]+\.zone)`/).map { String($0.output.1) })
    }
    XCTAssertEqual(files(bullet[..<split.lowerBound]), signatureFailures, "Docs/Lab.md, signed")
    XCTAssertEqual(files(bullet[split.upperBound...]), unsigned, "Docs/Lab.md, unsigned")
    // Both kinds are there: the tool did run and refuse something.
    XCTAssertFalse(signatureFailures.isEmpty, "ldns-verify-zone refused no signed zone")
    XCTAssertFalse(unsigned.isEmpty, "ldns-verify-zone refused no unsigned zone")
  }
}
