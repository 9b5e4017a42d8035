import Foundation
import XCTest

/// A `2 1 0` record holds the whole public key of a trust anchor, and a `2 0 0` record the whole
/// certificate, so the server need not send it (RFC 7671 §5.2.2, §5.2.3): OpenSSL verifies the topmost
/// served certificate's signature with that key. danescope's matcher must find the same match
/// and every report must place it as the trust anchor, not sent, that signed that depth.
/// `openssl s_client -dane_tlsa_rrdata` is the reference; certificates are made by openssl.
final class TLSAUnsentAnchorTests: XCTestCase {
  private func openSSLDecision(_ server: String, name: String, record: String) throws -> String? {
    try TestCertificates.openSSLDANEDecision(server, name: name, record: record)
  }

  private func data(_ certificate: URL, selector: Int) throws -> String {
    try TestCertificates.referenceAssociationData(
      certificate: certificate, selector: selector, matchingType: 0
    ).lowercased()
  }

  /// Root → intermediate → leaf made by openssl, served with and without the intermediate. The
  /// record for a certificate that was not sent verifies exactly when its key signed the top
  /// served certificate, as OpenSSL decides; danescope's trace says so in the decision line and
  /// the matcher line, places the anchor one above the top, and finds no disagreement.
  func testAnUnsentAnchorThatSignedTheTopIsMatchedWhereOpenSSLVerifies() throws {
    let name = "mx.unsent-anchor.test"
    let folder = try TemporaryDirectory("tlsa-unsent-anchor")
    let chain = try TestCertificates.caChain(.ec, name: name, in: folder)
    let root = try XCTUnwrap(chain.root)
    let intermediate = try XCTUnwrap(try splitPEM(chain.chain, in: folder).last)
    let leafOnly = TestCertificate(
      certificate: chain.certificate, key: chain.key, chain: chain.certificate, root: root)
    let alone = try HostilePeer(.wellBehaved, certificate: leafOnly)
    defer { alone.stop() }
    let withCA = try HostilePeer(.wellBehaved, certificate: chain)
    defer { withCA.stop() }
    // The leaf, then the root, which did not issue it: the chain links no further than the leaf.
    let unlinked = folder.file("leaf-then-root.pem")
    try
      (try String(contentsOf: chain.certificate, encoding: .utf8)
      + String(contentsOf: root, encoding: .utf8)).write(
        to: unlinked, atomically: true, encoding: .utf8)
    let withRoot = try HostilePeer(
      .wellBehaved,
      certificate: TestCertificate(
        certificate: chain.certificate, key: chain.key, chain: unlinked, root: root))
    defer { withRoot.stop() }
    let leafServer = "127.0.0.1:\(alone.port)"
    let chainServer = "127.0.0.1:\(withCA.port)"
    let unlinkedServer = "127.0.0.1:\(withRoot.port)"

    let intermediateKey = "2 1 0 \(try data(intermediate, selector: 1))"
    let intermediateCertificate = "2 0 0 \(try data(intermediate, selector: 0))"
    let rootKey = "2 1 0 \(try data(root, selector: 1))"
    let cases: [(server: String, record: String, place: String?)] = [
      (leafServer, intermediateKey, "the trust-anchor key, not sent, that signed depth 0"),
      (
        leafServer, intermediateCertificate,
        "the trust-anchor certificate, not sent, that signed depth 0"
      ),
      // The root signed the intermediate, which was not sent: nothing it can verify.
      (leafServer, rootKey, nil),
      (chainServer, rootKey, "the trust-anchor key, not sent, that signed depth 1"),
      // Served: an ordinary match at its own depth.
      (chainServer, intermediateKey, "depth 1"),
      // A root sent after the leaf that it did not issue: the key signed depth 0, the leaf,
      // however long the served list is.
      (unlinkedServer, intermediateKey, "the trust-anchor key, not sent, that signed depth 0"),
    ]
    for (server, record, place) in cases {
      let reference = try openSSLDecision(server, name: name, record: record)
      XCTAssertEqual(reference != nil, place != nil, "openssl: \(record) at \(server)")
      let trace = try DanescopeBinary.run(
        ["trace", server, "--tlsa-name", name, "--tlsa-record", record, "--timeout", "5"])
      let output = trace.stdout
      XCTAssertFalse(output.contains("TLS_MATCHER_DISAGREES"), output)
      guard let place else {
        XCTAssertEqual(trace.status, 1, output)
        XCTAssertTrue(output.contains("dane: not authenticated"), output)
        XCTAssertTrue(
          output.contains("danescope matcher: no record matches any certificate of the chain"),
          output)
        continue
      }
      XCTAssertEqual(trace.status, 0, output)
      XCTAssertTrue(output.contains("dane: verified by \(record) at \(place)"), output)
      XCTAssertTrue(output.contains("danescope matcher: \(record) matches \(place)"), output)
      XCTAssertTrue(output.contains("DANE verified by \(record) at \(place)"), output)
      // OpenSSL's words: a bare key "signed the certificate at depth N"; an unsent certificate
      // "matched TA certificate" one above the top, which is the depth it signed plus one.
      let words = try XCTUnwrap(reference)
      if record.hasPrefix("2 1 0"), place.contains("not sent") {
        let signed = try XCTUnwrap(place.split(separator: " ").last)
        XCTAssertTrue(words.contains("signed the certificate at depth \(signed)"), words)
      }
    }
  }

  /// The lab scenario: the record is the key of the intermediate, which the server does not
  /// send. OpenSSL verifies with it; the report's verdict, TLSA section and JSON all say it
  /// matched the trust anchor, not sent, that signed depth 0, at depth 1 (the chain's length).
  func testTheLabScenarioReportsTheUnsentAnchorTheSameEverywhere() throws {
    let place = "the trust-anchor key, not sent, that signed depth 0"
    let text = try DanescopeBinary.run(["check", "--lab", "ta-no-intermediate-210"])
    XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
    let tlsaLine = try XCTUnwrap(
      text.stdout.split(separator: "\n").first { $0.hasPrefix("    2 1 0 ") }, text.stdout)
    XCTAssertTrue(tlsaLine.hasSuffix("  usable, matched \(place)"), String(tlsaLine))
    let verdictLine = try XCTUnwrap(
      text.stdout.split(separator: "\n").first { $0.contains("  verified  ") }, text.stdout)
    XCTAssertTrue(verdictLine.hasSuffix(" matched \(place)"), String(verdictLine))
    XCTAssertFalse(text.stdout.contains("TLS_MATCHER_DISAGREES"), text.stdout)
    // Verified, but RFC 7672 §3.1.2 wants the anchor sent: a warning, and exit status 0.
    let warning = try XCTUnwrap(
      text.stdout.split(separator: "\n").first { $0.contains("DANE_TA_NOT_SENT") }, text.stdout)
    XCTAssertTrue(warning.hasPrefix("  [warning] DANE_TA_NOT_SENT: At "), String(warning))
    XCTAssertTrue(warning.contains(" only as \(place): "), String(warning))

    let json = try DanescopeBinary.run(["check", "--lab", "ta-no-intermediate-210", "--json"])
    let report = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let hosts = (report["mx"] as? [String: Any])?["hosts"] as? [[String: Any]]
    let host = try XCTUnwrap(hosts?.first)
    let probe = try XCTUnwrap((host["probes"] as? [[String: Any]])?.first)
    let served = try XCTUnwrap(probe["chain"] as? [Any]).count
    XCTAssertEqual(served, 1)
    XCTAssertEqual(probe["verdict"] as? String, "verified")
    XCTAssertEqual(probe["matchedDepth"] as? Int, served)
    XCTAssertEqual(probe["matchedAnchorNotSent"] as? Bool, true)
    let record = try XCTUnwrap(
      ((host["tlsa"] as? [String: Any])?["records"] as? [[String: Any]])?.first)
    XCTAssertEqual(record["matchedDepths"] as? [Int], [served])
    XCTAssertEqual(record["matchedAnchorNotSent"] as? Bool, true)
    let findings = report["findings"] as? [[String: Any]] ?? []
    let notSent = try XCTUnwrap(
      findings.first { $0["code"] as? String == "DANE_TA_NOT_SENT" }, "\(findings)")
    XCTAssertEqual(notSent["severity"] as? String, "warning")
    let trace = try XCTUnwrap(probe["trace"] as? [[String: Any]])
    XCTAssertTrue(
      trace.contains { ($0["text"] as? String)?.hasSuffix(" at \(place)") == true }, "\(trace)")

    // The reference: OpenSSL verifies that record at the lab's own server for the scenario.
    let serve = try LabServeProcess(
      port: try FreePort.next(), extraArguments: ["--port", "\(try FreePort.next(udpToo: false))"])
    defer { serve.stop() }
    let servers = LabTraceTests.servers(serve.output)
    let server = try XCTUnwrap(servers["mx1.ta-no-intermediate-210.example."], serve.output)
    let recordText = try XCTUnwrap(record["text"] as? String)
    let words = try openSSLDecision(
      server, name: "mx1.ta-no-intermediate-210.example", record: recordText)
    XCTAssertTrue(words?.contains("signed the certificate at depth 0") == true, "\(words ?? "")")
  }

  /// `danescope tlsa ROOT.pem --usage 2` makes a digest of a self-signed root: it matches only
  /// when the server sends its root, which OpenSSL shows (a server sending the leaf alone fails
  /// with the `2 1 1`, verifies with the `2 1 0`). The record is printed with one warning saying
  /// so; `--matching-type 0`, a CA that is not a root, and `--from` a server that did send the
  /// root print no warning.
  func testADigestOfASelfSignedRootIsPrintedWithAWarningThatItMustBeSent() throws {
    let name = "mx.root-digest.test"
    let folder = try TemporaryDirectory("tlsa-root-digest")
    let pair = try TestCertificates.rootAndLeaf(.ec, names: [name], in: folder)
    let root = try XCTUnwrap(pair.root)
    let digest = try TestCertificates.referenceAssociationData(
      certificate: root, selector: 1, matchingType: 1
    ).lowercased()
    let leafOnly = TestCertificate(
      certificate: pair.certificate, key: pair.key, chain: pair.certificate, root: root)
    let alone = try HostilePeer(.wellBehaved, certificate: leafOnly)
    defer { alone.stop() }
    let withRoot = try HostilePeer(.wellBehaved, certificate: pair)
    defer { withRoot.stop() }
    let leafServer = "127.0.0.1:\(alone.port)"
    let rootServer = "127.0.0.1:\(withRoot.port)"
    XCTAssertNil(try openSSLDecision(leafServer, name: name, record: "2 1 1 \(digest)"))
    XCTAssertNotNil(try openSSLDecision(rootServer, name: name, record: "2 1 1 \(digest)"))
    let key = try data(root, selector: 1)
    XCTAssertNotNil(try openSSLDecision(leafServer, name: name, record: "2 1 0 \(key)"))

    let warned = try DanescopeBinary.run(["tlsa", root.path, "--usage", "2", "--tlsa-name", name])
    XCTAssertEqual(warned.status, 0, warned.stderr)
    XCTAssertEqual(warned.stdout, "_25._tcp.\(name). IN TLSA 2 1 1 \(digest)\n")
    let lines = warned.stderr.split(separator: "\n")
    XCTAssertEqual(lines.count, 1, warned.stderr)
    XCTAssertTrue(warned.stderr.hasPrefix("danescope: warning: "), warned.stderr)
    XCTAssertTrue(warned.stderr.contains("is a self-signed root"), warned.stderr)
    XCTAssertTrue(warned.stderr.contains("sends this certificate in its chain"), warned.stderr)
    XCTAssertTrue(warned.stderr.contains("RFC 7671 §5.2.2"), warned.stderr)
    XCTAssertTrue(warned.stderr.contains("--matching-type 0: a 2 1 0 record"), warned.stderr)

    let certificateDigest = try DanescopeBinary.run(
      [
        "tlsa", root.path, "--usage", "2", "--selector", "0", "--matching-type", "2",
        "--tlsa-name", name,
      ])
    XCTAssertEqual(certificateDigest.status, 0, certificateDigest.stderr)
    XCTAssertTrue(
      certificateDigest.stderr.contains("--matching-type 0: a 2 0 0 record"),
      certificateDigest.stderr)

    let whole = try DanescopeBinary.run(
      ["tlsa", root.path, "--usage", "2", "--matching-type", "0", "--tlsa-name", name])
    XCTAssertEqual(whole.status, 0, whole.stderr)
    XCTAssertEqual(whole.stdout, "_25._tcp.\(name). IN TLSA 2 1 0 \(key)\n")
    XCTAssertEqual(whole.stderr, "")

    let chainFolder = try TemporaryDirectory("tlsa-root-digest-chain")
    let chain = try TestCertificates.caChain(.ec, name: name, in: chainFolder)
    let intermediate = try DanescopeBinary.run(["tlsa", chain.chain.path, "--usage", "2"])
    XCTAssertEqual(intermediate.status, 0, intermediate.stderr)
    XCTAssertEqual(intermediate.stderr, "")

    let served = try DanescopeBinary.run(
      ["tlsa", "--from", rootServer, "--usage", "2", "--tlsa-name", name, "--timeout", "5"])
    XCTAssertEqual(served.status, 0, served.stderr)
    XCTAssertEqual(served.stdout, "_25._tcp.\(name). IN TLSA 2 1 1 \(digest)\n")
    XCTAssertEqual(served.stderr, "")
  }

  private func splitPEM(_ file: URL, in folder: TemporaryDirectory) throws -> [URL] {
    try TestCertificates.split(
      try String(contentsOf: file, encoding: .utf8), in: folder, as: "part")
  }
}
