import Foundation
import ValidationCore
import XCTest

/// A6, NXT and SIG are obsolete, but they are on RFC 4034 §6.2's list of types whose RDATA
/// names are lowercased in canonical form. dnssec-signzone still signs them; a zone that holds
/// them with upper-case names must verify in danescope's engine as RFC 4034 and BIND say.
final class ChainObsoleteTypesTests: XCTestCase {
  nonisolated(unsafe) static var shared: SharedChainFixture?

  /// The records in RFC 3597 form, with what they say in their own syntax.
  static let generic: [(owner: String, type: String, rdata: String)] = [
    // A6 64 ::1:2:3:4 Prefix.Old-Types.TLD.
    (
      "six.old-types.tld.", "TYPE38",
      "40000100020003000406507265666978094f6c642d547970657303544c4400"
    ),
    // A6 0 2001:db8::1 (a whole address, no prefix name)
    ("whole.old-types.tld.", "TYPE38", "0020010db8000000000000000000000001"),
    // NXT Next.Old-Types.TLD. A NXT
    ("nxt.old-types.tld.", "TYPE30", "044e657874094f6c642d547970657303544c440040000002"),
    // SIG A 13 3 3600 20300101000000 20200101000000 1234 Signer.Old-Types.TLD. AAAA
    (
      "sig.old-types.tld.", "TYPE24",
      "00010d0300000e1070dbd8805e0be10004d2065369676e6572094f6c642d547970657303544c4400000000"
    ),
  ]

  /// TYPE, `\#`, length and hex: one record's type and RDATA in RFC 3597 form.
  static func rdataText(_ record: (owner: String, type: String, rdata: String)) -> String {
    "\(record.type) \\# \(record.rdata.count / 2) \(record.rdata)"
  }

  override class func setUp() {
    super.setUp()
    shared = SharedChainFixture {
      try ChainFixture(leaves: [
        ChainFixture.signedLeaf(
          "old-types.tld.", .bind,
          extra: generic.map { "\($0.owner) IN \(rdataText($0))" }.joined(separator: "\n") + "\n",
          // dnssec-signzone prints them in their own syntax, which libunbound's zone loader does
          // not read; the RFC 3597 form holds the same RDATA, so the signatures still fit.
          edit: { text, _ in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
              let fields = ZoneEdit.fields(line)
              guard fields.count >= 5, ["A6", "NXT", "SIG"].contains(fields[3]),
                let record = generic.first(where: { $0.owner == fields[0] })
              else { return String(line) }
              return "\(fields[0]) \(fields[1]) IN \(rdataText(record))"
            }.joined(separator: "\n")
          })
      ])
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  /// The reference is BIND: dnssec-verify accepts the zone as served (RFC 3597 form included),
  /// so every RRset's signature is valid. libunbound 1.17 lowercases the SIG and NXT names but not
  /// A6's prefix name, so for an A6 with one it says bogus: the engine then says so as a
  /// VALIDATOR_DISAGREEMENT instead of following it.
  func testUpperCaseNamesInObsoleteTypesVerifyAsRFC4034Says() async throws {
    let (fixture, resolver) = try XCTUnwrap(Self.shared).get()
    let zone = try XCTUnwrap(fixture.zones.first { $0.name == "old-types.tld." })
    try TestProcess.check("dnssec-verify", ["-o", "old-types.tld.", zone.file.path])
    for (name, type): (String, UInt16) in [
      ("six.old-types.tld.", 38), ("whole.old-types.tld.", 38), ("nxt.old-types.tld.", 30),
      ("sig.old-types.tld.", 24),
    ] {
      let report = try await fixture.builder(resolver).build(
        name: try DNSName(name), type: RRType(rawValue: type))
      XCTAssertEqual(report.status, .secure, "\(name) TYPE\(type): \(report.reason ?? "")")
      XCTAssertTrue(
        report.answer?.signatures.contains { $0.verdict == .valid } ?? false,
        "\(name) TYPE\(type): no signature verified")
      let disagreement = report.findings.first { $0.code == .validatorDisagreement }
      if report.validatorStatus == "secure" {
        XCTAssertNil(disagreement, name)
      } else {
        XCTAssertEqual(name, "six.old-types.tld.", "libunbound: \(report.validatorStatus ?? "-")")
        XCTAssertNotNil(disagreement, "\(name): libunbound says \(report.validatorStatus ?? "-")")
      }
    }
  }
}
