import Foundation
import XCTest

/// A `trust-anchor-file:` must hold a DS or DNSKEY record as it is read, not the word: a file
/// whose only "DS" is TXT data, a HINFO field, a `$INCLUDE` name or text inside a quoted string
/// gives libunbound no anchor (a real unbound sets no AD bit), and danescope refuses it, exit
/// status 2. `TYPE43` and `TYPE48` (RFC 3597 §5) are DS and DNSKEY, in their own data form or
/// in `\#` form: unbound validates from them, and so does danescope. A `trust-anchor-file: ""`
/// or `auto-trust-anchor-file: ""` names no file, and is refused as an empty file is
/// (Docs/Decisions.md D-resolver-4).
final class TrustAnchorRecordsReadTests: XCTestCase {
  private static let rootDS = ExportedLab.rootDS
  /// The same DS in RFC 3597 form: key tag 0x80ef, algorithm 8, digest type 2, the digest.
  private static let rootDSGeneric =
    "\\# 36 80ef0802c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"

  private var folder: TemporaryDirectory!
  private var lab: URL!
  private var exported: ExportedLab!

  override func setUpWithError() throws {
    let exported = try ExportedLab()
    (folder, lab) = (exported.folder, exported.lab)
    self.exported = exported
  }

  /// The lab's unbound.conf with `lines` in place of its trust-anchor-file line.
  private func conf(_ name: String, _ lines: String) throws -> URL {
    try exported.conf(name, replacingTrustAnchorWith: lines)
  }

  private func chain(_ conf: URL) throws -> DanescopeBinary.Result {
    try DanescopeBinary.run(
      ["chain", "--json", "--resolver-conf", conf.path, "mx1.ee-valid.example.", "A"])
  }

  private func unboundSetsAD(_ file: URL) throws -> Bool {
    let unbound = try UnboundServer.overLab(
      lab, serverLines: ["trust-anchor-file: \"\(file.path)\""])
    defer { unbound.stop() }
    return try unbound.setsAD(on: "mx1.ee-valid.example.")
  }

  func testFileWhoseOnlyDSIsAWordIsRefused() throws {
    let cases: [(String, String)] = [
      ("TXT data", ". 3600 IN TXT DS\n"),
      ("a $INCLUDE name", "$INCLUDE DS\n"),
      ("HINFO fields", "example. 3600 IN HINFO DS DNSKEY\n"),
      ("inside a quoted string", ". 3600 IN TXT ( \")\"\n. 3600 IN DS \(Self.rootDS)\n)\n"),
    ]
    for (index, (what, text)) in cases.enumerated() {
      let file = try folder.write("word\(index).ds", text)
      XCTAssertFalse(try unboundSetsAD(file), "\(what): unbound has no anchor from it")
      let result = try chain(try conf("word\(index).conf", "  trust-anchor-file: \"\(file.path)\""))
      XCTAssertEqual(result.status, 2, "\(what): \(result.stdout)")
      XCTAssertTrue(
        result.stderr.contains(
          "trust-anchor-file \(file.path): trust anchor file holds no DS or DNSKEY record"),
        "\(what): \(result.stderr)")
    }
  }

  func testGenericTypeNumbersAreDSAndDNSKEY() throws {
    let zone = try String(
      contentsOf: lab.appendingPathComponent("zones/root.zone"), encoding: .utf8)
    let kskLine = try XCTUnwrap(
      zone.split(separator: "\n").first { $0.hasPrefix(".\t") && $0.contains("DNSKEY\t257 ") })
    let ksk = kskLine.components(separatedBy: "DNSKEY\t")[1]
    let cases: [(String, String)] = [
      ("TYPE43", ". 3600 IN TYPE43 \(Self.rootDS)\n"),
      ("TYPE43 in RFC 3597 form", ". IN TYPE43 \(Self.rootDSGeneric)\n"),
      ("TYPE48", ". 3600 IN TYPE48 \(ksk)\n"),
    ]
    for (index, (what, text)) in cases.enumerated() {
      let file = try folder.write("generic\(index).ds", text)
      XCTAssertTrue(try unboundSetsAD(file), "\(what): unbound validates from it")
      let result = try chain(
        try conf("generic\(index).conf", "  trust-anchor-file: \"\(file.path)\""))
      XCTAssertEqual(result.status, 0, "\(what): \(result.stderr)")
      let json = try XCTUnwrap(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], what)
      XCTAssertEqual(json["validatorStatus"] as? String, "secure", "\(what): libunbound")
      XCTAssertEqual(json["status"] as? String, "secure", "\(what): engine")
    }
  }

  func testEmptyAnchorFileNameIsRefused() throws {
    let anchor = try folder.write("root.ds", ". 3600 IN DS \(Self.rootDS)\n")
    for keyword in ["trust-anchor-file", "auto-trust-anchor-file"] {
      let conf = try conf(
        "\(keyword).conf", "  trust-anchor-file: \"\(anchor.path)\"\n  \(keyword): \"\"")
      let result = try chain(conf)
      XCTAssertEqual(result.status, 2, "\(keyword): \(result.stdout)")
      XCTAssertTrue(
        result.stderr.contains(
          "\(conf.path):15: \(keyword): \"\": names no file (libunbound reads no anchor from it"),
        "\(keyword): \(result.stderr)")
    }
  }
}
