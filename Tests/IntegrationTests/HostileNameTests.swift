import Foundation
import XCTest

/// Names and replies built to fool a reader, through the real binary: a real unbound on
/// 127.0.0.1 serves a signed test root and, below it, the unsigned zone `evil.zz.` whose MX host
/// name holds a NUL, dots inside a label and U+202E RIGHT-TO-LEFT OVERRIDE; the MX host's
/// address is 127.0.0.1, where a hostile SMTP peer refuses STARTTLS with a reply holding ESC.
/// Every name from DNS must print in presentation form (RFC 1035 §5.1: `\DDD`, `\.`), every
/// octet from the server once escaped as `\DDD`, and JSON must carry no raw bidi or C1
/// character.
final class HostileNameTests: XCTestCase {
  /// The MX target as a zone file writes it: `a<NUL>b`, `dot.in.label` as one label, then
  /// U+202E (UTF-8 E2 80 AE) before `bidi`.
  static let hostileHost = #"a\000b.dot\.in\.label.\226\128\174bidi.evil.zz"#
  static let refusal = "454 4.7.0 \u{1B}[2J\u{1B}]0;owned\u{07} TLS not now"

  func testNamesFromDNSAndRepliesPrintOnceEscapedInTextAndJSON() throws {
    let folder = try TemporaryDirectory("danescope-hostile-names")
    let peer = try HostilePeer(.refuseSTARTTLSSaying(Self.refusal), certificate: nil)
    defer { peer.stop() }
    let keys = folder.file("keys")
    try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
    let rootSigner = try LDNSSigner(origin: ".", in: keys)
    let root = try rootSigner.sign(
      """
      . 300 IN SOA ns.zz. admin.zz. 1 3600 600 86400 300
      . 300 IN NS ns.evil.zz.
      evil.zz. 300 IN NS ns.evil.zz.
      ns.evil.zz. 300 IN A 127.0.0.1

      """)
    let evil = try folder.write(
      "evil.zz.zone",
      """
      evil.zz. 300 IN SOA ns.evil.zz. admin.evil.zz. 1 3600 600 86400 300
      evil.zz. 300 IN NS ns.evil.zz.
      ns.evil.zz. 300 IN A 127.0.0.1
      evil.zz. 300 IN MX 10 \(Self.hostileHost).
      \(Self.hostileHost). 300 IN A 127.0.0.1

      """)
    let anchor = try folder.write(
      "root.ds", try rootSigner.dsRecords.joined(separator: "\n") + "\n")
    let unbound = try UnboundServer(
      authZones: [.init(name: ".", file: root), .init(name: "evil.zz.", file: evil)],
      trustAnchorFile: anchor)
    defer { unbound.stop() }
    let common = [
      "check", "evil.zz", "--forwarder", unbound.forwarderAddress, "--trust-anchor", anchor.path,
      "--port", String(peer.port),
    ]
    // The presentation form of the MX host, as ldns and unbound print it.
    let shown = Self.hostileHost
    let subject = "\(shown)[127.0.0.1]:\(peer.port)"
    let reply = #"454 4.7.0 \027[2J\027]0;owned\007 TLS not now"#

    let json = try DanescopeBinary.run(common + ["--json"])
    XCTAssertFalse(
      json.stdout.unicodeScalars.contains { Self.isSteering($0) }, "raw bidi or C1 in JSON")
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stderr)
    let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
    let refused = try XCTUnwrap(
      findings.first { $0["code"] as? String == "SMTP_STARTTLS_REFUSED" }, json.stdout)
    XCTAssertEqual(refused["subject"] as? String, subject)
    let summary = try XCTUnwrap(refused["summary"] as? String)
    XCTAssertTrue(summary.contains(subject), summary)
    XCTAssertTrue(json.stdout.contains(reply.replacingOccurrences(of: #"\"#, with: #"\\"#)))
    let hosts = try XCTUnwrap((object["mx"] as? [String: Any])?["hosts"] as? [[String: Any]])
    XCTAssertEqual(hosts.first?["name"] as? String, shown + ".")
    // Every trace line of every probe: the SNI and findings name the host escaped, once.
    let probes = try XCTUnwrap(hosts.first?["probes"] as? [[String: Any]])
    let trace = probes.flatMap { ($0["trace"] as? [[String: Any]]) ?? [] }
      .compactMap { $0["text"] as? String }
    XCTAssertTrue(trace.contains { $0.contains(reply) }, "\(trace)")
    for line in trace {
      XCTAssertFalse(line.contains(#"\\"#), "escaped twice: \(line)")
      XCTAssertFalse(line.unicodeScalars.contains { Self.isSteering($0) }, line)
    }
    XCTAssertFalse(json.stdout.contains(#"\\x"#) || json.stdout.contains(#"\\u{"#), json.stdout)

    let text = try DanescopeBinary.run(common)
    XCTAssertFalse(text.stdout.unicodeScalars.contains { Self.isSteering($0) }, text.stdout)
    XCTAssertTrue(text.stdout.contains(subject), text.stdout)
    // The finding quotes the reply's text after its code.
    XCTAssertTrue(text.stdout.contains(String(reply.dropFirst(4))), text.stdout + text.stderr)
    XCTAssertFalse(text.stdout.contains(#"\\"#), "escaped twice:\n\(text.stdout)")
    XCTAssertFalse(text.stdout.contains(#"\x"#) || text.stdout.contains(#"\u{"#), text.stdout)
  }

  /// `check DOMAIN` takes a host name only; each refusal is a usage error (exit 2) naming the
  /// label, before the lab (or any resolver) starts.
  func testCheckRefusesDomainsThatAreNotHostNames() throws {
    for (domain, reason) in [
      ("b\u{FC}cher.example", "label 1 has the non-ASCII '\u{FC}': give the name in its xn--"),
      (" ee-valid", "label 1 has a space"),
      ("*.example", "label 1 has a wildcard '*'"),
      ("mx.ex\u{1B}[2Jample", "label 2 has the control character \\027"),
    ] {
      let result = try DanescopeBinary.run(["check", "--lab", domain])
      XCTAssertEqual(result.status, 2, domain)
      XCTAssertTrue(result.stderr.contains("is not a mail domain: " + reason), result.stderr)
      XCTAssertEqual(result.stdout, "", domain)
      XCTAssertFalse(result.stderr.unicodeScalars.contains { Self.isSteering($0) }, result.stderr)
    }
  }

  /// `trace 127.1:PORT` is a usage error naming the dotted quad, not a lookup of TLSA at
  /// `_25._tcp.127.1.`. The resolver options point at a stub on 127.0.0.1 that counts queries,
  /// so that even a danescope that took `127.1` for a name would ask nothing but the stub.
  func testTraceRefusesLegacyIPv4FormsBeforeAnyLookup() throws {
    let stub = try LoopbackDNSStub(.rcode(2))
    defer { stub.stop() }
    let unused = try FreePort.next(udpToo: false)
    for host in ["127.1", "2130706433", "0x7f000001"] {
      let result = try DanescopeBinary.run(
        ["trace", "\(host):\(unused)", "--forwarder", stub.address], timeout: 30)
      XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
      XCTAssertTrue(
        result.stderr.contains("give it as four decimal numbers (dotted quad): 127.0.0.1"),
        result.stderr)
      XCTAssertEqual(result.stdout, "", host)
    }
    XCTAssertEqual(stub.answeredCount, 0, "no query reaches a resolver")
  }

  /// The console on the lab, `d`, `bücher.example`, Enter: refused on the status line with the
  /// A-label advice (it used to stay at "Checking bücher.example.…" for ever); then a typed
  /// U+202E is drawn as `?` and quoted escaped.
  func testConsoleDomainPromptRefusesNonASCIIAndShowsNoBidiOverride() throws {
    _ = try TestProcess.locate("tmux")
    let tmux = try TmuxSession([DanescopeBinary.url.path, "--lab"], width: 160, height: 30)
    defer { tmux.stop() }
    try tmux.waitFor("ee-valid")
    try tmux.send("d")
    try tmux.sendLiteral("b\u{FC}cher.example")
    try tmux.send("Enter")
    var screen = try tmux.waitFor("is not a mail domain")
    XCTAssertTrue(screen.contains("give the name in its xn-- (punycode) form"), screen)
    XCTAssertFalse(screen.contains("Checking"), screen)

    try tmux.send("d")
    try tmux.sendLiteral("mx.\u{202E}live.example")
    screen = try tmux.waitFor("mx.?live.example")
    XCTAssertFalse(screen.unicodeScalars.contains { $0.value == 0x202E }, screen)
    try tmux.send("Enter")
    screen = try tmux.waitFor(#"'mx.\226\128\174live.example' is not a mail domain"#)
    XCTAssertFalse(screen.unicodeScalars.contains { $0.value == 0x202E }, screen)
  }

  /// What must never reach a terminal raw: C0 but the line feed, DEL, C1, and the invisible
  /// characters that reorder a line.
  static func isSteering(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "\n" { return false }
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }
}
