import Foundation
import Lab
import ValidationCore
import XCTest

/// Postfix's own DANE client, `posttls-finger -l dane`, against `danescope lab serve` agrees with
/// danescope on the first MX host of every scenario. Both run in a private network namespace
/// where the lab's SMTP servers listen on port 25 (so TLSA is looked up at `_25._tcp`, as the
/// lab publishes it) and a real unbound on 127.0.0.1:53 forwards to the lab's DNS server and
/// validates with the lab's trust anchor; posttls-finger reaches it through /etc/resolv.conf.
final class LabPosttlsFingerTests: XCTestCase {
  func testPosttlsFingerAgreesWithDanescopeOnTheFirstMX() throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let folder = try TemporaryDirectory("danescope-lab-posttls")
    let serve = try LabServeProcess(
      port: 5353, extraArguments: ["--port", "25"], namespace: namespace)
    defer { serve.stop() }
    let anchor = URL(fileURLWithPath: serve.folder + "/trust-anchor.ds")
    let stubs = ([DNSName.root, Lab.tld] + Lab.scenarios.map(\.domain)).map {
      UnboundServer.Stub(name: $0.description, address: "127.0.0.1@5353")
    }
    let unbound = try UnboundServer(
      stubs: stubs, trustAnchorFile: anchor, port: 53, namespace: namespace)
    defer { unbound.stop() }
    let resolvConf = try folder.write("resolv.conf", "nameserver 127.0.0.1\noptions trust-ad\n")
    let config = folder.file("postfix")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    try "compatibility_level = 3.6\n".write(
      to: config.appendingPathComponent("main.cf"), atomically: true, encoding: .utf8)
    for scenario in Lab.scenarios {
      let domain = String(scenario.domain.description.dropLast())
      let output = try namespace.runWithResolvConf(
        resolvConf, "posttls-finger", ["-l", "dane", "-t", "10", "-T", "10", domain],
        environment: ["MAIL_CONFIG": config.path], timeout: 60)
      let text = output.stdout + output.stderr
      let ours = try danescopeVerdicts(domain, namespace: namespace, anchor: anchor.path)
      guard let first = scenario.expected.hosts.first else {
        // No MX host to try (bogus MX): neither side may establish a session.
        XCTAssertTrue(ours.isEmpty, "\(scenario.name): danescope probed \(ours)")
        XCTAssertFalse(text.contains("TLS connection established"), "\(scenario.name):\n\(text)")
        continue
      }
      let theirs = PosttlsFingerVerdict(text)
      let theirVerdict = Self.verdict(theirs, text)
      if theirVerdict == "deferred" {
        // A failed (bogus) TLSA lookup: no connection, so no address; compare by host name.
        XCTAssertEqual(ours[first.name.description], "deferred", "\(scenario.name):\n\(text)")
        continue
      }
      let address = try XCTUnwrap(theirs.address, "\(scenario.name): no address in:\n\(text)")
      let our = ours[address]
      if scenario.expected.statusWhereAlgorithmSupported != nil {
        // Ed448: the unbound daemon (OpenSSL) validates it, danescope's libunbound cannot.
        XCTAssertEqual(theirVerdict, "verified", "\(scenario.name):\n\(text)")
        XCTAssertEqual(our, first.verdict.rawValue, scenario.name)
        continue
      }
      XCTAssertEqual(our, theirVerdict, "\(scenario.name) (\(address)):\n\(text)")
    }
  }

  /// posttls-finger is a probe, not a mailer: where TLS never starts it just says what the
  /// server did and quits. At level `dane` (usable TLSA records) a Postfix client would then
  /// refuse to deliver, which is danescope's "failed" (RFC 7672 §2.2): STARTTLS refused with
  /// 4xx/5xx, or an EHLO reply that lists no STARTTLS.
  static func verdict(_ parsed: PosttlsFingerVerdict, _ text: String) -> String {
    // "no-starttls" is the shared parser's word for "EHLO without STARTTLS": an observation,
    // not a verdict; at level `dane` it means the sender refuses, as below.
    guard ["unknown", "no-starttls"].contains(parsed.verdict) else { return parsed.verdict }
    if text.contains("STARTTLS rejected:") { return "failed" }
    let offersSTARTTLS = text.contains("< 250 STARTTLS") || text.contains("< 250-STARTTLS")
    if !offersSTARTTLS && text.contains("< 250") && text.contains("> QUIT") { return "failed" }
    return parsed.verdict
  }

  /// danescope's verdict per address (and per host name: its first probe), through the
  /// namespace's unbound, probing port 25.
  private func danescopeVerdicts(_ domain: String, namespace: NetworkNamespace, anchor: String)
    throws -> [String: String]
  {
    let result = try namespace.run(
      DanescopeBinary.url.path,
      ["check", "--forwarder", "127.0.0.1@53", "--trust-anchor", anchor, domain, "--json"])
    guard let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)),
      let top = json as? [String: Any], let mx = top["mx"] as? [String: Any]
    else {
      XCTFail("\(domain): no JSON from danescope check: \(result.stderr)")
      return [:]
    }
    var verdicts: [String: String] = [:]
    for host in mx["hosts"] as? [[String: Any]] ?? [] {
      let probes = host["probes"] as? [[String: Any]] ?? []
      if let name = host["name"] as? String, let verdict = probes.first?["verdict"] as? String {
        verdicts[name] = verdict
      }
      for probe in probes {
        if let address = probe["address"] as? String, let verdict = probe["verdict"] as? String {
          verdicts[address] = verdicts[address] ?? verdict
        }
      }
    }
    return verdicts
  }
}
