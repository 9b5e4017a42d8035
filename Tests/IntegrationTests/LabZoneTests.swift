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
    XCTAssertEqual(build.zones.count, Lab.scenarios.count + 2 + 1, "root, TLD, scenarios, hosts")
    for zone in build.zones {
      let file = folder.url.appendingPathComponent("zones").appendingPathComponent(zone.fileName)
      let signed = zone.records.contains { $0.type == .rrsig }
      // -k: the zone's own DNSKEYs are trusted; every RRSIG and the NSEC/NSEC3 chain is checked.
      let result = try TestProcess.run("ldns-verify-zone", ["-V", "2", file.path])
      if zone.origin == Lab.domain(for: "tlsa-bogus") {
        // The one zone broken on purpose: its TLSA signature has a flipped bit.
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
          result.stdout.contains("Bogus DNSSEC signature for _25._tcp.mx1.tlsa-bogus.example.")
            || result.stderr.contains("Bogus DNSSEC signature for _25._tcp.mx1.tlsa-bogus.example."),
          result.stderr + result.stdout)
      } else if signed {
        XCTAssertEqual(result.status, 0, "\(zone.origin): \(result.stderr)\(result.stdout)")
      } else {
        // An unsigned zone has nothing to verify: ldns says so and fails.
        XCTAssertNotEqual(result.status, 0, "\(zone.origin) is unsigned yet ldns accepted it")
      }
    }
  }
}
