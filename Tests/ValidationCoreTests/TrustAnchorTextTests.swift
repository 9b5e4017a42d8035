import Foundation
import XCTest

@testable import ValidationCore

/// Where the engine's anchor reader puts an error it meets: the anchor file's own line (no line
/// added in front of the text), and for a `trust-anchor:` value the configuration line that
/// holds it (not the `server:` line, nor a line of the value).
final class TrustAnchorTextTests: XCTestCase {
  static let rootDS =
    ". 3600 IN DS 33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"

  func testFileErrorNamesTheFilesOwnLine() {
    let source = TrustAnchorUsability.Source.file(
      "/anchors/root.ds", text: "; the root\n\(Self.rootDS)\nx IN NOSUCHTYPE 1\n",
      namedBy: .init(
        path: "/anchors/root.ds", keyword: "trust-anchor-file", configFile: "/etc/u.conf",
        line: 7))
    XCTAssertThrowsError(try ChainTrustAnchors.records(in: source)) { error in
      XCTAssertEqual(
        "\(error)",
        "/etc/u.conf:7: trust-anchor-file /anchors/root.ds:3:6: unknown record type or class"
          + " 'NOSUCHTYPE'")
    }
  }

  func testInlineErrorNamesTheDirectivesLine() {
    let source = TrustAnchorUsability.Source.inline(
      ". IN NOSUCHTYPE 1",
      namedBy: .init(
        path: "/etc/u.conf", keyword: "trust-anchor", configFile: "/etc/u.conf", line: 12))
    XCTAssertThrowsError(try ChainTrustAnchors.records(in: source)) { error in
      XCTAssertEqual(
        "\(error)", "/etc/u.conf:12: trust-anchor: column 6: unknown record type or class 'NOSUCHTYPE'")
    }
  }

  func testTrustAnchorFlagFileErrorNamesItsLine() {
    XCTAssertThrowsError(
      try ChainTrustAnchors.lines(["; c", Self.rootDS, "x IN NOSUCHTYPE 1"], from: "/a.ds")
    ) { error in
      XCTAssertEqual("\(error)", "/a.ds:3:6: unknown record type or class 'NOSUCHTYPE'")
    }
  }

  /// An anchor cut short after its type names the anchor's own line and column, not `1:0`.
  func testAnAnchorCutShortNamesItsLine() {
    XCTAssertThrowsError(
      try ChainTrustAnchors.lines(["; c", Self.rootDS, "", "example. 3600 IN DS"], from: "/a.ds")
    ) { error in
      XCTAssertEqual("\(error)", "/a.ds:4:1: DS RDATA: missing DS key tag")
    }
  }

  /// unbound's `;;state=N` comment: the digit after the first `state=` in the comments.
  func testStateCommentIsReadAsUnboundReadsIt() {
    XCTAssertEqual(TrustAnchorText.state(on: ". DNSKEY 257 3 8 AA== ;;state=2 [  VALID  ]"), 2)
    XCTAssertEqual(TrustAnchorText.state(on: ". DNSKEY 257 3 8 AA== ; state=1"), 1)
    XCTAssertNil(TrustAnchorText.state(on: ". DNSKEY 257 3 8 AA== ;{id = 1 (ksk)}"))
    XCTAssertEqual(TrustAnchorText.state(on: ". DNSKEY 257 3 8 AA== ;;state="), -1)
  }

  /// A file with CRLF line ends (a "\r\n" is one Swift Character, not "\n"): its lines are
  /// counted at each line feed byte, as libunbound counts them. Reading the state of a key on
  /// line 3 used to stop the program (index out of range).
  func testCRLFLinesAreCountedAtEachLineFeed() throws {
    let key = ". 3600 IN DNSKEY 257 3 13 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="
    let text = "; header\r\n; two\r\n\(key) ;;state=4 [ REVOKED ]\n"
    let anchors = try TrustAnchorText.read(text, fileName: "auto.key", isAutoTrust: true)
    XCTAssertEqual(anchors.map(\.line), [3])
    XCTAssertEqual(
      anchors.first?.ignored, "RFC 5011 state 4 (REVOKED) is not one libunbound trusts")
    XCTAssertEqual(TextLines.split("a\r\nb\nc").map(String.init), ["a\r", "b", "c"])
  }
}
