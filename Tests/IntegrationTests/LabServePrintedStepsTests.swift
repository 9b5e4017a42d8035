import Foundation
import XCTest

/// What `danescope lab serve` prints for other tools works as printed: the unbound.conf lines
/// give a real unbound that validates the lab secure (the AD bit, RFC 4035 §3.2.3) and finds a
/// broken TLSA set bogus (SERVFAIL); the posttls-finger command line runs as printed on a
/// machine whose Postfix has no main.cf of its own, and verifies the lab's DANE-EE host.
final class LabServePrintedStepsTests: XCTestCase {
  func testThePrintedUnboundLinesGiveAValidatingResolver() throws {
    let serve = try LabServeProcess(port: try FreePort.next())
    defer { serve.stop() }
    let folder = try TemporaryDirectory("danescope-serve-unbound")
    let port = try FreePort.next()
    // Docs/Lab.md: the printed lines, plus interface and port under server:.
    let conf = try folder.write(
      "unbound.conf",
      try Self.unboundLines(serve.output)
        + "\nserver:\n  interface: 127.0.0.1\n  port: \(port)\n")
    let unbound = try ExportedUnbound(conf: conf, port: port)
    defer { unbound.stop() }

    let mx = try Self.dig("ee-valid.example", "MX", port: port)
    XCTAssertTrue(mx.contains("status: NOERROR"), mx)
    XCTAssertTrue(Self.flags(mx).contains("ad"), "no AD bit (not validated secure):\n\(mx)")
    XCTAssertTrue(mx.contains("IN\tMX\t10 mx1.ee-valid.example."), mx)
    // unbound validates, and does not merely pass answers on: a bogus set is SERVFAIL.
    let bogus = try Self.dig("_25._tcp.mx1.tlsa-bogus.example", "TLSA", port: port)
    XCTAssertTrue(bogus.contains("status: SERVFAIL"), bogus)
  }

  /// In a private network namespace (port 25 and 53 are the test's own there, and a resolv.conf
  /// naming the printed unbound is bind-mounted over /etc/resolv.conf for posttls-finger alone),
  /// as Docs/Lab.md tells a user to do it. This machine's Postfix was installed with "No
  /// configuration": /etc/postfix/main.cf does not exist, and the printed MAIL_CONFIG supplies one.
  func testThePrintedPosttlsFingerCommandRunsAsPrinted() throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let serve = try LabServeProcess(
      port: 5353, extraArguments: ["--port", "25"], namespace: namespace)
    defer { serve.stop() }
    let folder = try TemporaryDirectory("danescope-serve-posttls")
    let conf = try folder.write(
      "unbound.conf",
      try Self.unboundLines(serve.output) + "\nserver:\n  interface: 127.0.0.1\n  port: 53\n")
    let unbound = try ExportedUnbound(conf: conf, port: 53, namespace: namespace)
    defer { unbound.stop() }
    let resolvConf = try folder.write("resolv.conf", "nameserver 127.0.0.1\noptions trust-ad\n")

    let line = try XCTUnwrap(
      serve.output.split(separator: "\n").first { $0.contains("posttls-finger -c") },
      serve.output)
    // `MAIL_CONFIG=… posttls-finger -c -l dane DOMAIN`, run through env as a shell would.
    let words = line.split(separator: " ").map(String.init)
    XCTAssertEqual(words.last, "DOMAIN", String(line))
    XCTAssertTrue(words.first?.hasPrefix("MAIL_CONFIG=") == true, String(line))
    let command = words.dropLast() + ["ee-valid.example"]
    let result = try namespace.runWithResolvConf(resolvConf, "env", Array(command), timeout: 60)
    let text = result.stdout + result.stderr
    XCTAssertFalse(text.contains("fatal"), text)
    XCTAssertTrue(
      text.contains("Verified TLS connection established to mx1.ee-valid.example"), text)
  }

  /// The unbound.conf lines `lab serve` prints: the first block indented by four spaces after
  /// the line that introduces unbound (`  unbound…`).
  static func unboundLines(_ output: String) throws -> String {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try XCTUnwrap(
      lines.firstIndex { $0.hasPrefix("  unbound") }, "no unbound lines in:\n\(output)")
    let block = lines[(start + 1)...].drop { !$0.hasPrefix("    ") }.prefix { $0.hasPrefix("    ") }
    XCTAssertFalse(block.isEmpty, output)
    return block.map { String($0.dropFirst(4)) }.joined(separator: "\n") + "\n"
  }

  static func dig(_ name: String, _ type: String, port: UInt16) throws -> String {
    try TestProcess.run(
      "dig", ["+dnssec", "+tries=1", "+time=5", "-p", "\(port)", "@127.0.0.1", name, type],
      timeout: 20
    ).stdout
  }

  /// The header flags dig shows (`;; flags: qr rd ra ad; …`).
  static func flags(_ dig: String) -> [Substring] {
    guard let line = dig.split(separator: "\n").first(where: { $0.hasPrefix(";; flags:") })
    else { return [] }
    return line.dropFirst(";; flags:".count).prefix { $0 != ";" }.split(separator: " ")
  }
}
