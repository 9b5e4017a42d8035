import Foundation
import XCTest

/// An `auto-trust-anchor-file` is taken only in the layout unbound writes (one DS or DNSKEY
/// record a line, its `;;` header and state comments) and the plain one a user starts from;
/// anything else is refused before libunbound starts, naming the file and line
/// (AutoTrustAnchorLayout, Docs/Decisions.md D-resolver-4).
///
/// The reference is unbound 1.17 itself: for each layout taken, a real unbound serving the
/// exported lab's zones as auth-zones (nothing leaves the machine) is given the file, and its
/// AD bit (from dig) on mx1.ee-valid.example. A says secure or not; danescope, given the same
/// file in the lab's unbound.conf, must say the same, libunbound and engine alike. Each case
/// refused is one where libunbound's reader and a zone-file reader part ways (measured with
/// unbound: see the decision), and danescope must refuse it with exit status 2.
final class AutoTrustAnchorLayoutTests: XCTestCase {
  private var folder: TemporaryDirectory!
  private var lab: URL!
  private var rootKSK = ""
  private var rootZSK = ""

  private var exported: ExportedLab!

  override func setUpWithError() throws {
    let exported = try ExportedLab()
    (folder, lab) = (exported.folder, exported.lab)
    self.exported = exported
    rootKSK = try exported.rootKey(flags: 257)
    rootZSK = try exported.rootKey(flags: 256)
  }

  private static let rootDS = ExportedLab.rootDS

  /// The lab's unbound.conf with an auto-trust-anchor-file in place of its trust-anchor-file.
  private func conf(_ name: String, auto file: URL) throws -> URL {
    try exported.conf(name, replacingTrustAnchorWith: "  auto-trust-anchor-file: \"\(file.path)\"")
  }

  /// Whether a real unbound given `text` as its auto-trust-anchor-file sets the AD bit on the
  /// answer for mx1.ee-valid.example. A (a copy: unbound rewrites the file).
  private func unboundSetsAD(_ name: String, _ text: String) throws -> Bool {
    try unboundVerdict(name, text) == "secure"
  }

  /// A real unbound's verdict with `text` as its auto-trust-anchor-file (UnboundServer.verdict).
  private func unboundVerdict(_ name: String, _ text: String) throws -> String {
    let file = try folder.write(name + ".unbound", text)
    let unbound = try UnboundServer.overLab(
      lab, serverLines: ["auto-trust-anchor-file: \"\(file.path)\""])
    defer { unbound.stop() }
    return try unbound.verdict(on: "mx1.ee-valid.example.")
  }

  private func chain(_ conf: URL) throws -> DanescopeBinary.Result {
    try DanescopeBinary.run(
      ["chain", "--json", "--resolver-conf", conf.path, "mx1.ee-valid.example.", "A"])
  }

  /// The layouts taken: danescope's libunbound and engine say what unbound says (secure,
  /// insecure, or bogus for a key the root does not sign its DNSKEY set with).
  func testLayoutsTakenGiveUnboundsVerdict() throws {
    let key = ".\t3600\tIN\tDNSKEY\t\(rootKSK)"
    let header =
      "; autotrust trust anchor file\n;;id: . 1\n;;last_queried: 1764900000 ;;Fri Dec  5\n"
      + ";;last_success: 1764900000 ;;Fri Dec  5\n;;next_probe_time: 1764903600 ;;Fri\n"
      + ";;query_failed: 0\n;;query_interval: 3600\n;;retry_time: 3600\n"
    let tail = " ;;count=0 ;;lastchange=1764900000 ;;Fri Dec  5 02:00:00 2025\n"
    let cases: [(String, String)] = [
      (
        "as unbound writes it",
        header + key + " ;{id = 33007 (ksk), size = 2048b} ;;state=2 [  VALID  ]" + tail
      ),
      ("revoked state", header + key + " ;;state=4 [ REVOKED ]" + tail),
      ("missing state", header + key + " ;;state=3 [ MISSING ]" + tail),
      ("plain, as root.key", "; the lab root\n. IN DNSKEY \(rootKSK) ; keytag 33007\n"),
      ("a DS, no TTL or class", ". DS \(Self.rootDS)\n"),
      ("a DS marked START", ". 3600 IN DS \(Self.rootDS) ;;state=0 [ START ]\n"),
      ("a paren in a comment", "; a ( paren\n\(key) ;;state=2 [ VALID ]\n"),
      ("lowercase class and type", ". in dnskey \(rootKSK) ;;state=2 [ VALID ]\n"),
      ("no digit after state=", key + " ;;state=\n"),
      ("the key twice, REVOKED first", key + " ;;state=4\n" + key + " ;;state=2\n"),
      ("the lab root's ZSK as the anchor", ".\t3600\tIN\tDNSKEY\t\(rootZSK) ;;state=2\n"),
    ]
    for (index, (what, text)) in cases.enumerated() {
      let expected = try unboundVerdict("taken\(index)", text)
      let file = try folder.write("taken\(index).key", text)
      let result = try chain(try conf("taken\(index).conf", auto: file))
      XCTAssertNotEqual(result.status, 2, "\(what): \(result.stderr)")
      let json = try XCTUnwrap(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], what)
      XCTAssertEqual(json["validatorStatus"] as? String, expected, "\(what): libunbound")
      XCTAssertEqual(json["status"] as? String, expected, "\(what): engine")
    }
  }

  /// The layouts where libunbound's reader is not a zone file's: each refused, at its line.
  func testOtherLayoutsAreRefusedAtTheirLine() throws {
    let key = ". 3600 IN DNSKEY \(rootKSK)"
    let halves = rootKSK.split(separator: " ", maxSplits: 3)
    let split = ". 3600 IN DNSKEY ( \(halves[0]) \(halves[1]) \(halves[2])\n \(halves[3]) )"
    let cases: [(String, String, Int, String)] = [
      ("CRLF", "; header\r\n; two\r\n\(key) ;;state=2 [ VALID ]\n", 1, "a carriage return"),
      ("state on the last line", "\(split) ;;state=4 [ REVOKED ]\n", 1, "'(' in a record"),
      ("quote", ". 3600 IN TXT \"(\"\n\(key) ;;state=2\n", 1, "'\"' in a record"),
      ("Arabic digit", "\(key) ;;state=\u{662} [ VALID ]\n", 1, "a byte that is not ASCII"),
      ("fullwidth digit", "\(key) ;;state=\u{FF12}\n", 1, "a byte that is not ASCII"),
      (
        "long comment", "; " + String(repeating: "x", count: 10_300) + "\n\(key)\n", 1,
        "a line of 10303 bytes"
      ),
      ("$TTL", "$TTL 3600\n\(key)\n", 1, "a $ line"),
      ("class CH", ". 3600 CH DNSKEY \(rootKSK)\n", 1, "a record of type 'CH'"),
      ("TXT", "; c\n. 3600 IN TXT x\n\(key)\n", 2, "a record of type 'TXT'"),
      ("REVOKED line", ";;id: . 1\n;;REVOKED\n\(key)\n", 2, "a ;;REVOKED line"),
      (
        "two zones", "\(key)\nexample. 3600 IN DS \(Self.rootDS)\n", 2,
        "a record for example. after one for ."
      ),
      (
        "relative owner", "\(key)\nexample 3600 IN DS \(Self.rootDS)\n", 2,
        "a record whose owner is not an absolute"
      ),
    ]
    for (index, (what, text, line, why)) in cases.enumerated() {
      let file = try folder.write("refused\(index).key", text)
      let result = try chain(try conf("refused\(index).conf", auto: file))
      XCTAssertEqual(result.status, 2, "\(what): \(result.stdout)")
      XCTAssertTrue(
        result.stderr.contains(
          "auto-trust-anchor-file \(file.path):\(line): danescope cannot be sure it reads this"
            + " file as libunbound does: \(why)"), "\(what): \(result.stderr)")
    }
  }

  /// The cases above where a zone-file reading and unbound's part ways, run through unbound:
  /// a key whose state is on the last of its lines (REVOKED) and a state digit of another
  /// script give no AD bit, where a first-line or Unicode reading would trust the key.
  func testRefusedLayoutsAreOnesUnboundReadsOtherwise() throws {
    let key = ". 3600 IN DNSKEY \(rootKSK)"
    let halves = rootKSK.split(separator: " ", maxSplits: 3)
    let split =
      ". 3600 IN DNSKEY ( \(halves[0]) \(halves[1]) \(halves[2]) ;;state=2 [ VALID ]\n"
      + " \(halves[3]) ) ;;state=4 [ REVOKED ]\n"
    XCTAssertFalse(try unboundSetsAD("twostates", split))
    XCTAssertFalse(try unboundSetsAD("arabic", "\(key) ;;state=\u{662} [ VALID ]\n"))
    XCTAssertTrue(try unboundSetsAD("ascii", "\(key) ;;state=2 [ VALID ]\n"))
  }
}
