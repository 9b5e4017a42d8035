import Foundation
import ValidationCore
import XCTest

/// RSA key sizes at both ends of what RFC 3110 and RFC 5702 allow (512 and 4096 bits): Debian's
/// libunbound validates both, and the engine agrees and reports the size.
final class ChainKeySizeTests: XCTestCase {
  static func leaf(_ origin: String, bits: Int) -> ChainFixture.Leaf {
    ChainFixture.Leaf(origin: origin) { fixture in
      let algorithm = LDNSSigner.Algorithm(name: "RSASHA256", number: 8, bits: bits)
      let signer = try LDNSSigner(origin: origin, algorithm: algorithm, in: fixture.folder.url)
      let file = try signer.sign(
        ChainFixture.leafText(origin), fileName: String(origin.dropLast()))
      return ChainFixture.Made(file: file, parentRecords: try signer.dsRecords)
    }
  }

  func testSmallestAndLargestRSAKeysAreSecureInBoth() async throws {
    let fixture = try ChainFixture(leaves: [
      Self.leaf("rsa512.tld.", bits: 512), Self.leaf("rsa4096.tld.", bits: 4096),
    ])
    let resolver = try fixture.makeResolver()
    for (origin, bits) in [("rsa512.tld.", 512), ("rsa4096.tld.", 4096)] {
      let report = try await fixture.builder(resolver).build(
        name: try DNSName("www.\(origin)"), type: .a)
      XCTAssertEqual(report.validatorStatus, "secure", origin)
      XCTAssertEqual(report.status, .secure, report.reason ?? origin)
      XCTAssertEqual(report.zones.last?.keys.map(\.bits), [bits, bits], origin)
    }
  }
}
