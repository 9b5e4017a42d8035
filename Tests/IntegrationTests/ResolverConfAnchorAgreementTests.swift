import Foundation
import XCTest

/// The chain engine starts from the anchors libunbound 1.17 trusts with a `--resolver-conf`
/// file, no more and no fewer. Each case runs the exported lab's unbound.conf (its auth-zones
/// answer every question in process; nothing leaves the machine) with its trust-anchor-file
/// line replaced, asks `chain --json` for ee-valid.example. A (a signed lab zone), and expects
/// libunbound's own verdict (`validatorStatus`) to be the one unbound 1.17 gave for the same
/// anchors when run as a server (measured with `unbound -d` and dig's AD bit; RFC 5011 §4 for
/// the key states), with the engine saying the same and no VALIDATOR_DISAGREEMENT.
final class ResolverConfAnchorAgreementTests: XCTestCase {
  static let rootDS = ExportedLab.rootDS
  static let eeValidDS =
    "397 13 2 f488737a557413a1a6d3c8bc933a975fdfd6111e397afbc06cb6bcd859e21e87"

  private var folder: TemporaryDirectory!
  private var lab: URL!
  private var exported: ExportedLab!

  override func setUpWithError() throws {
    let exported = try ExportedLab()
    (folder, lab) = (exported.folder, exported.lab)
    self.exported = exported
  }

  /// The lab's root KSK, as the root zone publishes it (flags, protocol, algorithm, key).
  private func rootKSK() throws -> String { try exported.rootKey(flags: 257) }

  /// The lab's unbound.conf with `anchorLines` in place of its trust-anchor-file line.
  private func conf(_ name: String, _ anchorLines: String) throws -> URL {
    try exported.conf(name, replacingTrustAnchorWith: anchorLines)
  }

  private func chain(_ conf: URL) throws -> DanescopeBinary.Result {
    try DanescopeBinary.run(
      ["chain", "--json", "--resolver-conf", conf.path, "ee-valid.example.", "A"])
  }

  private func assertVerdict(
    _ conf: URL, _ expected: String, _ what: String, line: UInt = #line
  ) throws {
    let result = try chain(conf)
    XCTAssertNotEqual(result.status, 2, "\(what): \(result.stderr)", line: line)
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      what, line: line)
    XCTAssertEqual(json["validatorStatus"] as? String, expected, "\(what): libunbound", line: line)
    XCTAssertEqual(json["status"] as? String, expected, "\(what): engine", line: line)
    let codes = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(what): \(codes)", line: line)
  }

  /// An auto-trust-anchor-file as unbound writes it, with one record line.
  private func autoFile(_ name: String, _ record: String) throws -> URL {
    try folder.write(
      name,
      "; autotrust trust anchor file\n;;id: . 1\n;;last_queried: 1764900000 ;;Sat\n"
        + ";;last_success: 1764900000 ;;Sat\n;;next_probe_time: 1764903600 ;;Sat\n"
        + ";;query_failed: 0\n;;query_interval: 3600\n;;retry_time: 3600\n\(record)\n")
  }

  /// unbound 1.17 anchors on a key in state VALID or MISSING (or with no state comment, read as
  /// VALID) and on a DS whatever its comment; not on START, ADDPEND, REVOKED, REMOVED or a state
  /// number it does not know (read as START). With no trusted key, every answer is insecure.
  func testAutoTrustAnchorKeysCountOnlyInTheStatesLibunboundTrusts() throws {
    let key = ".\t3600\tIN\tDNSKEY\t\(try rootKSK()) ;{id = 33007 (ksk), size = 2048b}"
    let tail = " ;;count=0 ;;lastchange=1764900000 ;;Sat Dec  5 00:00:00 2026"
    let cases: [(String, String, String)] = [
      ("START", key + " ;;state=0 [ START ]" + tail, "insecure"),
      ("ADDPEND", key + " ;;state=1 [ ADDPEND ]" + tail, "insecure"),
      ("VALID", key + " ;;state=2 [  VALID  ]" + tail, "secure"),
      ("MISSING", key + " ;;state=3 [ MISSING ]" + tail, "secure"),
      ("REVOKED", key + " ;;state=4 [ REVOKED ]" + tail, "insecure"),
      ("REMOVED", key + " ;;state=5 [ REMOVED ]" + tail, "insecure"),
      ("unknown state 9", key + " ;;state=9 [ ? ]" + tail, "insecure"),
      ("no state comment", ".\t3600\tIN\tDNSKEY\t\(try rootKSK())", "secure"),
      ("DS marked ADDPEND", ". 3600 IN DS \(Self.rootDS) ;;state=1 [ ADDPEND ]", "secure"),
    ]
    for (index, (what, record, expected)) in cases.enumerated() {
      let file = try autoFile("auto\(index).key", record)
      let conf = try conf("auto\(index).conf", "  auto-trust-anchor-file: \"\(file.path)\"")
      try assertVerdict(conf, expected, what)
    }
  }

  /// libunbound anchors only class IN records; a record with no class is IN even after a CH
  /// one. A zone left with no anchor that way is refused, naming the line (the usability rule).
  func testAnchorsOfAnotherClassThanINAreIgnored() throws {
    let mixed = try folder.write(
      "mixed.ds", "example. 3600 CH DS \(Self.rootDS)\n. 3600 CH DS \(Self.rootDS)\n"
        + ". 3600 DS \(Self.rootDS)\n")
    let rootAndCH = try conf(
      "mixed.conf",
      "  trust-anchor-file: \"\(mixed.path)\"\n  trust-anchor: \". CH DS \(Self.rootDS)\"")
    // example.'s only anchor is CH: refused below; without it, the root's IN one serves.
    let result = try chain(rootAndCH)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.contains(
        "trust-anchor-file \(mixed.path):1: no trust anchor record for example. can be used"
          + " (example. DS 33007: class CH is not IN, and libunbound ignores it)"),
      result.stderr)
    let rootOnly = try folder.write(
      "rootch.ds", ". 3600 CH DS \(Self.rootDS)\n. 3600 DS \(Self.rootDS)\n")
    try assertVerdict(
      try conf("rootch.conf", "  trust-anchor-file: \"\(rootOnly.path)\""), "secure",
      "a CH root anchor beside an IN one")
    let inlineCH = try conf("inline.conf", "  trust-anchor: \". 3600 CH DS \(Self.rootDS)\"")
    let inline = try chain(inlineCH)
    XCTAssertEqual(inline.status, 2, inline.stdout + inline.stderr)
    let lineNumber = try XCTUnwrap(
      try String(contentsOf: inlineCH, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false
      ).firstIndex { $0.contains("trust-anchor:") }) + 1
    XCTAssertTrue(
      inline.stderr.hasPrefix(
        "danescope: resolver configuration: \(inlineCH.path):\(lineNumber): trust-anchor:"
          + " no trust anchor record for . can be used (. DS 33007: class CH is not IN"),
      inline.stderr)
  }

  /// libunbound reads an anchor's name relative to the root (until a `$ORIGIN`), `@` as the
  /// root, and skips a `$INCLUDE` line, reading nothing of the file it names (even one that
  /// exists and holds the root's anchor, or one that does not exist).
  func testRelativeNamesAndIncludeAreReadAsLibunboundReadsThem() throws {
    let relative = try folder.write("relative.ds", "ee-valid.example 3600 IN DS \(Self.eeValidDS)\n")
    try assertVerdict(
      try conf("relative.conf", "  trust-anchor-file: \"\(relative.path)\""), "secure",
      "a relative owner in a file")
    try assertVerdict(
      try conf("relinline.conf", "  trust-anchor: \"ee-valid.example DS \(Self.eeValidDS)\""),
      "secure", "a relative owner inline")
    let origin = try folder.write("origin.ds", "$ORIGIN example.\nee-valid IN DS \(Self.eeValidDS)\n")
    try assertVerdict(
      try conf("origin.conf", "  trust-anchor-file: \"\(origin.path)\""), "secure",
      "a name relative to $ORIGIN")
    let at = try folder.write(
      "at.ds", "$INCLUDE \(folder.url.path)/absent.ds\n@ 3600 IN DS \(Self.rootDS)\n")
    try assertVerdict(
      try conf("at.conf", "  trust-anchor-file: \"\(at.path)\""), "secure",
      "@ after a $INCLUDE of a missing file")
    let onlyInclude = try folder.write(
      "include.ds", "$INCLUDE \(lab.appendingPathComponent("trust-anchor.ds").path)\n")
    let includeConf = try conf("include.conf", "  trust-anchor-file: \"\(onlyInclude.path)\"")
    let checked = try TestProcess.run("unbound-checkconf", [includeConf.path], timeout: 20)
    XCTAssertEqual(checked.status, 0, checked.stdout + checked.stderr)
    let result = try chain(includeConf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.contains(
        "trust-anchor-file \(onlyInclude.path): trust anchor file holds no DS or DNSKEY record"
          + " (libunbound skips a $INCLUDE line"), result.stderr)
  }

  /// A record libunbound reads but the engine's reader cannot (a DNSKEY whose base64 has more
  /// padding than it needs, which libunbound takes): `chain` names the anchor file's own line
  /// and the configuration's line; `check` says why its chain of trust is left out instead of
  /// leaving it out without a word.
  func testAnchorTheEngineCannotReadIsReportedAtItsLine() throws {
    let file = try folder.write(
      "padded.ds", "; the root\n. 3600 IN DS \(Self.rootDS)\nx 3600 IN DNSKEY 257 3 8 AwEAAa===\n")
    let conf = try conf("padded.conf", "  trust-anchor-file: \"\(file.path)\"")
    let checked = try TestProcess.run("unbound-checkconf", [conf.path], timeout: 20)
    XCTAssertEqual(checked.status, 0, checked.stdout + checked.stderr)
    let result = try chain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.contains("trust-anchor-file \(file.path):3:26: DNSKEY RDATA"), result.stderr)
    let check = try DanescopeBinary.run(
      ["check", "--resolver-conf", conf.path, "--port", "1", "ee-valid.example."])
    XCTAssertTrue(
      check.stdout.contains(
        "Chain of trust: left out: the chain engine could not read the trust anchors: "
          + "\(conf.path):"), check.stdout + check.stderr)
    XCTAssertTrue(check.stdout.contains("\(file.path):3:26: DNSKEY RDATA"), check.stdout)
  }

  /// Records of other types beside the root's DS, as unbound 1.17 reads them (unbound-checkconf
  /// is the reference): where it reads the file, libunbound and the engine both validate from
  /// the root's DS (the engine's reader passed the record over); where it refuses it,
  /// danescope refuses the configuration too, naming the anchor file (TrustAnchorOtherTypeTests
  /// compares the reader itself with unbound-checkconf).
  func testRecordsOfOtherTypesAreReadAsLibunboundReadsThem() throws {
    let records = [
      "x 3600 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m", "x 3600 IN WKS 192.0.2.1 TCP smtp",
      "x 3600 IN HINFO a b c", "x 3600 IN NSAP 0x47000580ffff000000321099991111222233334444",
      "x 3600 IN EUI48 00-00-5e-00-53-2a", "x 3600 IN APL 1:192.168.32.0/21",
      "x 3600 IN TXT", ##"x 3600 IN TYPE65534 \# 3 010203"##, "x 3600 IN TYPE65534",
      ##"x 3600 IN TYPE65534 \# 4 010203"##, "x 3600 IN TYPE65534 010203",
      "x 3600 IN LOC garbage", "x 3600 IN A 999.1.1.1",
    ]
    for (index, record) in records.enumerated() {
      let file = try folder.write("other\(index).ds", ". 3600 IN DS \(Self.rootDS)\n\(record)\n")
      let conf = try conf("other\(index).conf", "  trust-anchor-file: \"\(file.path)\"")
      let unbound = try TestProcess.run("unbound-checkconf", [conf.path], timeout: 20)
      if unbound.status == 0 {
        try assertVerdict(conf, "secure", record)
      } else {
        let result = try chain(conf)
        XCTAssertEqual(result.status, 2, "\(record): \(result.stdout)\(result.stderr)")
        XCTAssertTrue(result.stderr.contains(file.path), "\(record): \(result.stderr)")
      }
    }
  }
}
