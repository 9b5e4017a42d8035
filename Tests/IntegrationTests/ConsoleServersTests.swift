import Foundation
import XCTest

/// The console in tmux against the real servers of the `check` integration tests (CheckWorld: a
/// real unbound serving signed zones and a real Postfix with STARTTLS, in a private network
/// namespace), opened with `--resolver-conf`. The verdicts asserted are CheckWorld's, which come
/// from RFC 7672 and agree with posttls-finger in the check tests.
final class ConsoleServersTests: XCTestCase {
  func testConsoleWithResolverConfAgainstUnboundAndPostfix() throws {
    _ = try TestProcess.locate("tmux")
    let world = try CheckWorld()
    defer { world.stop() }
    let conf = try world.folder.write("console-unbound.conf", """
      server:
        trust-anchor-file: "\(world.trustAnchor.path)"
        do-not-query-localhost: no
      forward-zone:
        name: "."
        forward-addr: 127.0.0.1@53

      """)
    let tmux = try TmuxSession(
      [
        "ip", "netns", "exec", world.namespace.name, DanescopeBinary.url.path, "verified.example",
        "--resolver-conf", conf.path, "--port", String(world.smtpPort), "--timeout", "10",
      ], width: 120, height: 40)
    defer { tmux.stop() }

    // verified.example.: A and AAAA, both verified by the 3 1 1 of Postfix's leaf.
    var screen = try tmux.waitFor("DANE verified", timeout: 90)
    XCTAssertTrue(screen.contains("DNSSEC secure"), screen)
    XCTAssertTrue(screen.contains("[resolver-conf console-unbound.conf]"), screen)
    XCTAssertTrue(screen.contains("mx.verified.example."), screen)
    XCTAssertTrue(screen.contains("::1"), screen)
    try tmux.send("2")
    screen = try tmux.waitFor("matched depth 0 in the last handshake")
    XCTAssertTrue(screen.contains("DANE-EE(3) SPKI(1) SHA2-256(1)"), screen)

    // The host's AAAA RRset (::1) has its chain of trust beside the A one's, as `check` lists
    // both lookups: found by search once the console has built the host chains (the search
    // is made again until it finds the node, or 60 s pass).
    try tmux.send("1")
    let node = "mx.verified.example. AAAA  secure"
    let deadline = Date().addingTimeInterval(60)
    repeat {
      try tmux.send("/")
      try tmux.sendLiteral("mx.verified.example. AAAA")
      try tmux.send("Enter")
      usleep(500_000)
      screen = try tmux.capture()
    } while !screen.contains(node) && Date() < deadline
    XCTAssertTrue(screen.contains(node), screen)
    XCTAssertTrue(screen.contains("RRSIG AAAA by"), screen)

    // Other domains through the domain prompt: each header gives CheckWorld's verdict.
    let cases = [
      ("failed.example", "DANE failed"), ("bogus.example", "DANE deferred"),
      ("unauth.example", "DANE TLS, not authenticated"), ("plain.example", "DANE no DANE"),
    ]
    for (domain, badge) in cases {
      try tmux.send("d")
      try tmux.sendLiteral(domain)
      try tmux.send("Enter")
      screen = try tmux.waitUntil("\(domain): \(badge)", timeout: 90) {
        $0.contains(" \(domain). ") && $0.contains(badge) && $0.contains("Checked \(domain)")
      }
    }
    XCTAssertTrue(screen.contains("DNSSEC insecure"), "plain.example. is unsigned: \(screen)")

    // The bogus TLSA set: its status and the explanation of the finding.
    try tmux.send("d")
    try tmux.sendLiteral("bogus.example")
    try tmux.send("Enter")
    try tmux.waitUntil("bogus.example checked", timeout: 90) { $0.contains("Checked bogus.example") }
    try tmux.send("2")
    screen = try tmux.waitFor("TLSA bogus")
    try tmux.send("q")
    try tmux.waitFor("exit status 0")
  }
}
