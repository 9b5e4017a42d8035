import Foundation
import XCTest

@testable import ValidationCore

/// Records of other types than DS and DNSKEY in a trust anchor, read by danescope's anchor
/// reader (TrustAnchorText) beside what unbound 1.17 does with the same text: unbound-checkconf,
/// which loads the anchors with libunbound's own anchor code, says whether it reads the file.
/// Where it does, the reader passes the record over and keeps the root's DS; where it refuses
/// the way the record is written (an unknown type word, RFC 3597 data it cannot read, data for a
/// type with no form of its own), the reader refuses it too, at its line. Where unbound refuses
/// a field of the type's own form, the reader passes the record over and libunbound refuses
/// the file when the resolver starts (ResolverConfAnchorAgreementTests). Docs/Decisions.md,
/// D-resolver-4.
final class TrustAnchorOtherTypeTests: XCTestCase {
  static let rootDS =
    ". 3600 IN DS 33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"

  /// Records written in ways unbound may or may not read; which it reads is its to say.
  static let records = [
    "x 3600 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m",
    "x 3600 IN LOC 91 00 00.000 N 0 00 00.000 E 0.00m",
    "x 3600 IN loc 52 22 23.000 N 4 53 32.000 E -2.00m",
    "x 3600 IN WKS 192.0.2.1 TCP smtp",
    "x 3600 IN WKS 192.0.2.1 6 25",
    #"x 3600 IN HINFO "PC""#,
    "x 3600 IN HINFO a b c",
    "x 3600 IN NSAP 0x47000580ffff000000321099991111222233334444",
    "x 3600 IN EUI48 00-00-5e-00-53-2a",
    "x 3600 IN APL 1:192.168.32.0/21",
    "x 3600 IN CAA 0 issue",
    "x 3600 IN TXT",
    "x 3600 IN A",
    "x 3600 IN TYPE29 52 22 23.000 N 4 53 32.000 E -2.00m",
    ##"x 3600 IN TYPE65534 \# 3 010203"##,
    ##"x 3600 IN TYPE65534 \# 3 01 0203"##,
    ##"x 3600 IN TYPE65534 \# 0"##,
    ##"x 3600 IN TYPE65534 \# 0 ab"##,
    ##"x 3600 IN TYPE65534 \# x ab"##,
    "x 3600 IN TYPE65534",
    ##"x 3600 IN A \# 3 c00002"##,
    ##"x 3600 IN LOC \# 16 0012161300000000894d4a8080000000"##,
    ##"x 3600 IN NULL \# 1 01"##,
    "x 3600 IN NULL",
    ##"x 3600 IN TYPE65534 \# 4 010203"##,
    ##"x 3600 IN TYPE65534 \# 1 abcd"##,
    ##"x 3600 IN TYPE65534 \# 3 01020z"##,
    ##"x 3600 IN TYPE65534 \# 1"##,
    ##"x 3600 IN TYPE65534 \# 70000 ab"##,
    "x 3600 IN TYPE65534 010203",
    "x 3600 IN TYPE0 01",
    "x 3600 IN NULL 01",
    "x 3600 IN NOSUCHTYPE 1",
    "x 3600 IN UINFO x",
    "x 3600 IN LOC garbage",
    "x 3600 IN WKS 192.0.2.1 NOPROTO smtp",
    "x 3600 IN HINFO",
    "x 3600 IN A 999.1.1.1",
    "x 3600 IN MX x y",
    "x 3600 IN SSHFP 1 1 zz",
  ]

  /// Of the records above, those whose fields (in the type's own form) the reader does not
  /// judge: unbound is expected to refuse each, and the reader to pass each over.
  static let fieldErrors: Set<String> = [
    "x 3600 IN LOC garbage", "x 3600 IN WKS 192.0.2.1 NOPROTO smtp", "x 3600 IN HINFO",
    "x 3600 IN A 999.1.1.1", "x 3600 IN MX x y", "x 3600 IN SSHFP 1 1 zz",
  ]

  private var folder: TemporaryDirectory!

  override func setUpWithError() throws {
    folder = try TemporaryDirectory()
  }

  /// unbound-checkconf's word on a configuration holding only `line` in its server clause.
  private func unboundReads(_ line: String, as name: String) throws -> Bool {
    let conf = try folder.write(name, "server:\n  \(line)\n")
    return try TestProcess.run("unbound-checkconf", [conf.path], timeout: 20).status == 0
  }

  func testOtherRecordsInAFileAreReadAsUnboundReadsThem() throws {
    var refusedByUnbound = 0
    for (index, record) in Self.records.enumerated() {
      let text = "; the root\n\(Self.rootDS)\n\(record)\n"
      let path = try folder.write("case\(index).ds", text).path
      let unbound = try unboundReads("trust-anchor-file: \"\(path)\"", as: "case\(index).conf")
      let read = Result { () throws(ZoneFileError) in
        try TrustAnchorText.read(text, fileName: path, isAutoTrust: false)
      }
      if !unbound { refusedByUnbound += 1 }
      switch (unbound, read) {
      case (true, .success(let anchors)):
        XCTAssertEqual(anchors.map(\.line), [2], record)
        XCTAssertEqual(anchors.first?.record.type, .ds, record)
        XCTAssertFalse(Self.fieldErrors.contains(record), "\(record): unbound reads it")
      case (true, .failure(let error)):
        XCTFail("\(record): unbound reads it, the reader refuses it: \(error)")
      case (false, .failure(let error)):
        XCTAssertEqual(error.line, 3, "\(record): \(error)")
        XCTAssertEqual(error.fileName, path, record)
      case (false, .success):
        XCTAssertTrue(
          Self.fieldErrors.contains(record), "\(record): unbound refuses it, the reader does not")
      }
    }
    // The list holds both kinds, or the comparison above proves little.
    XCTAssertGreaterThan(refusedByUnbound, Self.fieldErrors.count)
    XCTAssertLessThan(refusedByUnbound, Self.records.count)
  }

  /// UnboundRecordTypes against unbound itself: each name it lists is a type to unbound, the
  /// registered names it leaves out are not, and a type takes data in its own form exactly
  /// where the table says it has one (unbound says "not implemented" where it has none).
  func testTheTypeTableIsUnbounds() throws {
    func unboundTakes(_ record: String, _ name: String) throws -> TestProcess.Result {
      let path = try folder.write("\(name).ds", "\(Self.rootDS)\n\(record)\n").path
      let conf = try folder.write("\(name).conf", "server:\n  trust-anchor-file: \"\(path)\"\n")
      return try TestProcess.run("unbound-checkconf", [conf.path], timeout: 20)
    }
    let typeError = "could not parse the RR's type"
    for name in UnboundRecordTypes.numbersByName.keys.sorted() {
      let result = try unboundTakes("x 3600 IN \(name)", "name-\(name)")
      XCTAssertFalse(result.stderr.contains(typeError), "\(name): \(result.stderr)")
    }
    for name in ["NINFO", "RKEY", "UINFO", "UID", "GID", "UNSPEC", "AVC", "DOA", "AMTRELAY", "TA"]
    {
      XCTAssertNil(UnboundRecordTypes.number(named: name), name)
      let result = try unboundTakes("x 3600 IN \(name)", "unnamed-\(name)")
      XCTAssertTrue(result.stderr.contains(typeError), "\(name): \(result.stderr)")
    }
    let numbers = Set(UnboundRecordTypes.numbersByName.values).union([0, 56, 57, 100, 258, 65534])
    for number in numbers.sorted() {
      let result = try unboundTakes("x 3600 IN TYPE\(number) 01", "data-\(number)")
      XCTAssertEqual(
        result.stderr.contains("not implemented"), !UnboundRecordTypes.hasDataForm(number),
        "TYPE\(number): \(result.stderr)")
    }
  }

  /// A record with a blank owner repeats the owner of a record passed over before it.
  func testBlankOwnerAfterAPassedOverRecordIsThatRecordsOwner() throws {
    let text =
      "; the root\n. 3600 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m\n"
      + "\t3600 IN DS 33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489\n"
    let path = try folder.write("blank.ds", text).path
    XCTAssertTrue(try unboundReads("trust-anchor-file: \"\(path)\"", as: "blank.conf"))
    let anchors = try TrustAnchorText.read(text, fileName: path, isAutoTrust: false)
    XCTAssertEqual(anchors.map(\.record.name), [.root])
    XCTAssertEqual(anchors.map(\.line), [3])
  }

  /// In a `trust-anchor:` value, unbound takes no other type ("Bad type for trust anchor").
  func testOtherRecordsInATrustAnchorValueAreRefusedAsUnboundRefusesThem() throws {
    let values = [
      "x 3600 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m", "x IN A 192.0.2.1", "x IN TXT a",
    ]
    for (index, value) in values.enumerated() {
      XCTAssertFalse(
        try unboundReads("trust-anchor: \"\(value)\"", as: "inline\(index).conf"), value)
      let source = TrustAnchorUsability.Source.inline(
        value,
        namedBy: .init(
          path: "/etc/u.conf", keyword: "trust-anchor", configFile: "/etc/u.conf", line: 2))
      XCTAssertThrowsError(try source.anchors(), value) { error in
        XCTAssertTrue("\(error)".contains("Bad type for trust anchor"), "\(error)")
      }
    }
    XCTAssertTrue(try unboundReads("trust-anchor: \"\(Self.rootDS)\"", as: "inline-ds.conf"))
  }
}
