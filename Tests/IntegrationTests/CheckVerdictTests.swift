import Foundation
import XCTest

/// `danescope check` against a real Postfix and a real unbound (the check world): one verdict of
/// each kind, as RFC 7672 gives them, and for the same set-ups the same verdict as Postfix's own
/// DANE client, `posttls-finger -l dane`, through the same unbound.
final class CheckVerdictTests: XCTestCase {
  nonisolated(unsafe) static var world: CheckWorld?
  nonisolated(unsafe) static var worldError: Error?

  override class func setUp() {
    super.setUp()
    do {
      world = try CheckWorld()
    } catch {
      worldError = error
    }
  }

  override class func tearDown() {
    world?.stop()
    world = nil
    super.tearDown()
  }

  func requireWorld() throws -> CheckWorld {
    if let error = Self.worldError { throw error }
    return try XCTUnwrap(Self.world, "the check world did not start")
  }

  /// Runs `danescope check DOMAIN --json` inside the world's namespace, through its unbound.
  func check(_ world: CheckWorld, _ domain: String) throws -> (status: Int32, json: [String: Any]) {
    let result = try world.namespace.run(
      DanescopeBinary.url.path,
      [
        "check", domain, "--json", "--forwarder", "127.0.0.1@53",
        "--trust-anchor", world.trustAnchor.path, "--port", String(world.smtpPort), "--timeout",
        "10",
      ],
      timeout: 90)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    return (result.status, try XCTUnwrap(json, "not JSON: \(result.stdout) \(result.stderr)"))
  }

  static func probes(_ json: [String: Any]) -> [[String: Any]] {
    let hosts = (json["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
    return hosts.flatMap { $0["probes"] as? [[String: Any]] ?? [] }
  }

  func testEachVerdictKindAgainstPostfix() throws {
    let world = try requireWorld()
    var kinds: Set<String> = []
    for (domain, expected) in CheckWorld.expectedVerdicts.sorted(by: { $0.key < $1.key }) {
      let (status, json) = try check(world, domain)
      let probes = Self.probes(json)
      let verdicts = probes.compactMap { $0["verdict"] as? String }
      XCTAssertEqual(verdicts.sorted(), expected.sorted(), "\(domain): \(json)")
      kinds.formUnion(verdicts)
      // Exit status: 1 when an error-level finding exists (root or consequence), else 0.
      let hasError = json["worstSeverity"] as? String == "error"
      XCTAssertEqual(status, hasError ? 1 : 0, "\(domain)")
      if expected.contains("failed") || expected.contains("deferred")
        || expected.contains("unreachable")
      {
        XCTAssertEqual(status, 1, "\(domain)")
      }
    }
    XCTAssertEqual(
      kinds, ["verified", "failed", "tls-unauthenticated", "no-dane", "deferred", "unreachable"])
  }

  func testVerifiedNamesTheRecordAndTheDepth() throws {
    let world = try requireWorld()
    let leaf = try world.certificates.leafSPKISHA256()
    let ca = try world.certificates.rootSHA256()
    let (_, ee) = try check(world, "verified.example.")
    // The chain summary: the engine rebuilt the chain from the test root to the MX RRset.
    let trust = try XCTUnwrap(ee["chainOfTrust"] as? [String: Any], "\(ee)")
    XCTAssertEqual(trust["status"] as? String, "secure")
    XCTAssertEqual(
      (trust["zones"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, [".", "example."])
    for probe in Self.probes(ee) {
      XCTAssertEqual(probe["matchedRecord"] as? String, "3 1 1 \(leaf)")
      XCTAssertEqual(probe["matchedDepth"] as? Int, 0)
    }
    let (_, ta) = try check(world, "ta.example.")
    XCTAssertEqual(Self.probes(ta).first?["matchedRecord"] as? String, "2 0 1 \(ca)")
    XCTAssertEqual(Self.probes(ta).first?["matchedDepth"] as? Int, 1)
    let (_, alias) = try check(world, "alias.example.")
    let host = try XCTUnwrap(((alias["mx"] as? [String: Any])?["hosts"] as? [[String: Any]])?.first)
    XCTAssertEqual(host["expandedName"] as? String, "mx.verified.example.")
    XCTAssertEqual(
      (host["tlsa"] as? [String: Any])?["owner"] as? String, "_25._tcp.mx.verified.example.")
  }

  /// The server sends its leaf without the self-signed root whose whole key is the `2 1 0`
  /// record. posttls-finger and `openssl s_client` both verify (RFC 7671 §5.2.3), so the verdict
  /// is verified; RFC 7672 §3.1.2 requires the root to be sent, so `check` warns with
  /// DANE_TA_NOT_SENT. The same record served with its root (`ta.example.`) has no such warning.
  func testAnAnchorTheServerDidNotSendIsVerifiedWithAWarning() throws {
    let world = try requireWorld()
    let finger = try PosttlsFinger.run(
      world, destination: "tanotsent.example:\(world.smtpPort)", level: "dane")
    let theirs = PosttlsFingerVerdict(finger)
    XCTAssertEqual(theirs.verdict, "verified", finger)
    // "Matched DANE TA public key verified certificate at depth 0: 2 1 0 3059…"
    XCTAssertEqual(theirs.match?.depth, 0, finger)
    let key = try world.certificates.rootSPKI().lowercased()
    XCTAssertTrue(Self.isSameRecord("2 1 0 \(key)", shortened: theirs.match?.record ?? ""), finger)
    let openssl = try world.namespace.command(
      "openssl",
      [
        "s_client", "-starttls", "smtp", "-connect", "127.0.0.4:\(world.smtpPort)",
        "-dane_tlsa_domain", "mx.tanotsent.example", "-dane_tlsa_rrdata", "2 1 0 \(key)",
        "-brief",
      ])
    let reference = try TestProcess.run(
      openssl.tool, openssl.arguments, timeout: 20, stdin: Data("QUIT\r\n".utf8))
    let words = reference.stdout + reference.stderr
    XCTAssertTrue(words.contains("Verification: OK"), words)
    XCTAssertTrue(words.contains("signed the certificate at depth 0"), words)

    let (status, json) = try check(world, "tanotsent.example.")
    XCTAssertEqual(status, 0, "\(json)")
    let probe = try XCTUnwrap(Self.probes(json).first, "\(json)")
    XCTAssertEqual(probe["verdict"] as? String, "verified")
    XCTAssertEqual(probe["matchedAnchorNotSent"] as? Bool, true)
    XCTAssertEqual((probe["chain"] as? [Any])?.count, 1)
    let findings = json["findings"] as? [[String: Any]] ?? []
    let notSent = findings.filter { $0["code"] as? String == "DANE_TA_NOT_SENT" }
    XCTAssertEqual(notSent.count, 1, "\(findings)")
    XCTAssertEqual(notSent.first?["severity"] as? String, "warning")
    XCTAssertEqual(notSent.first?["subject"] as? String, "mx.tanotsent.example.")
    XCTAssertEqual(json["worstSeverity"] as? String, "warning")

    let (_, sent) = try check(world, "ta.example.")
    let sentFindings = sent["findings"] as? [[String: Any]] ?? []
    let sentCodes = sentFindings.compactMap { $0["code"] as? String }
    XCTAssertEqual(Self.probes(sent).first?["verdict"] as? String, "verified")
    XCTAssertFalse(sentCodes.contains("DANE_TA_NOT_SENT"), "\(sentCodes)")
  }

  func testVerdictsAgreeWithPosttlsFinger() throws {
    let world = try requireWorld()
    for domain in CheckWorld.expectedVerdicts.keys.sorted() {
      let (_, json) = try check(world, domain)
      let ours = Dictionary(
        Self.probes(json).map { ($0["address"] as? String ?? "?", $0) },
        uniquingKeysWith: { a, _ in a })
      let output = try PosttlsFinger.run(
        world, destination: "\(domain.dropLast()):\(world.smtpPort)", level: "dane",
        chat: true)
      let theirs = PosttlsFingerVerdict(output)
      if theirs.verdict == "deferred" {
        XCTAssertEqual(
          Set(ours.values.compactMap { $0["verdict"] as? String }), ["deferred"], output)
        continue
      }
      let address = try XCTUnwrap(theirs.address, "no address in posttls-finger output:\n\(output)")
      let probe = try XCTUnwrap(ours[address], "\(domain): we did not probe \(address)")
      if theirs.verdict == "no-starttls" {
        // posttls-finger only reports what it saw (no STARTTLS in the EHLO reply), not what a
        // sender must do about it: the same observation must be in our reason.
        let reason = probe["reason"] as? String ?? ""
        XCTAssertTrue(reason.contains("STARTTLS"), "\(domain): \(reason)\n\(output)")
        XCTAssertTrue(["no-dane", "failed"].contains(probe["verdict"] as? String ?? ""), domain)
        continue
      }
      XCTAssertEqual(probe["verdict"] as? String, theirs.verdict, "\(domain):\n\(output)")
      if let match = theirs.match {
        let record = probe["matchedRecord"] as? String ?? ""
        XCTAssertTrue(
          Self.isSameRecord(record, shortened: match.record), "\(domain): \(record)\n\(output)")
        // A trust anchor that was not sent: Postfix names the certificate its key signed,
        // danescope's JSON the depth one above it (Docs/JSON.md, matchedAnchorNotSent).
        let notSent = probe["matchedAnchorNotSent"] as? Bool == true
        XCTAssertEqual(
          probe["matchedDepth"] as? Int, match.depth + (notSent ? 1 : 0), "\(domain):\n\(output)")
      }
    }
  }
}

extension CheckVerdictTests {
  /// Whether `record` is the record posttls-finger printed, which shortens long association
  /// data to its first and last octets around `...`.
  static func isSameRecord(_ record: String, shortened: String) -> Bool {
    let ours = record.uppercased()
    let theirs = shortened.uppercased()
    guard let gap = theirs.range(of: "...") else { return ours == theirs }
    let head = theirs[..<gap.lowerBound]
    let tail = theirs[gap.upperBound...]
    return ours.count > head.count + tail.count && ours.hasPrefix(head) && ours.hasSuffix(tail)
  }
}

/// What posttls-finger's output says, in danescope's verdict words. Its lines are Postfix's own:
/// "Verified TLS connection established", "Matched DANE EE certificate at depth 0: 3 1 1 …",
/// "no matching DANE TLSA records", "TLSA lookup error", "Untrusted TLS connection", and a
/// warning for each TLSA record with an unsupported usage. With the SMTP chat shown, an EHLO
/// reply without STARTTLS is the one thing it says about a server that offers no TLS.
struct PosttlsFingerVerdict {
  let verdict: String
  let address: String?
  let match: (record: String, depth: Int)?

  init(_ output: String) {
    func has(_ text: String) -> Bool { output.contains(text) }
    if has("TLSA lookup error") {
      verdict = "deferred"
    } else if has("Verified TLS connection established") {
      verdict = "verified"
    } else if has("no matching DANE TLSA records") || has("server certificate verification failed")
    {
      verdict = "failed"
    } else if has("Untrusted TLS connection established") {
      verdict = has("unsupported TLSA certificate usage") ? "tls-unauthenticated" : "no-dane"
    } else if has("Connection refused") || has("Failed to establish session") {
      verdict = "unreachable"
    } else if has("Connected to") && !has("STARTTLS") {
      verdict = "no-starttls"
    } else {
      verdict = "unknown"
    }
    address = Self.firstAddress(in: output)
    match = Self.match(in: output)
  }

  /// The first `host[ADDRESS]:port` in posttls-finger's own lines (not in the server's words).
  static func firstAddress(in output: String) -> String? {
    for line in output.split(separator: "\n") where !line.contains(": < ") {
      guard let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]")
      else { continue }
      return String(line[line.index(after: open)..<close])
    }
    return nil
  }

  static func match(in output: String) -> (record: String, depth: Int)? {
    for line in output.split(separator: "\n") {
      guard let range = line.range(of: "certificate at depth ") else { continue }
      let rest = line[range.upperBound...]
      let parts = rest.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, let depth = Int(parts[0]) else { continue }
      return (parts[1].trimmingCharacters(in: .whitespaces), depth)
    }
    return nil
  }
}
