import Foundation
import XCTest

/// `danescope tlsa --usage 2` names the last certificate of a chain, which is the trust anchor
/// only when the chain leads up to it from the leaf, each certificate issued by the next
/// (RFC 7671 §5.2.2). A chain that does not link is refused (exit 2), naming the certificate
/// that did not issue the one below it. Chains are made by openssl, and `openssl verify` says
/// independently whether each one links.
final class TLSAChainLinkTests: XCTestCase {
  private func concatenate(_ files: [URL], as name: String, in folder: TemporaryDirectory) throws
    -> URL
  {
    try folder.write(name, try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined())
  }

  /// openssl's own answer to "does `ca` issue `leaf` through `untrusted`", the reference.
  private func opensslLinks(leaf: URL, ca: URL, untrusted: URL? = nil) throws -> Bool {
    let extra = untrusted.map { ["-untrusted", $0.path] } ?? []
    let result = try TestProcess.run(
      "openssl", ["verify", "-partial_chain", "-CAfile", ca.path] + extra + [leaf.path],
      timeout: 20)
    return result.status == 0
  }

  func testASelfSignedLeafFollowedByAnUnrelatedCAIsRefused() throws {
    let leafFolder = try TemporaryDirectory("tlsa-links-leaf")
    let caFolder = try TemporaryDirectory("tlsa-links-ca")
    let leaf = try TestCertificates.selfSigned(.ed25519, name: "mx.links.test", in: leafFolder)
    let unrelated = try XCTUnwrap(
      try TestCertificates.rootAndLeaf(.ec, names: ["other.test"], in: caFolder).root)
    XCTAssertFalse(try opensslLinks(leaf: leaf.certificate, ca: unrelated))
    let file = try concatenate([leaf.certificate, unrelated], as: "mixed.pem", in: leafFolder)

    for arguments in [["--usage", "2"], ["--usage", "2", "--selector", "0"], ["--usage", "0"]] {
      let result = try DanescopeBinary.run(["tlsa", file.path] + arguments)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stdout) \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
      let message = result.stderr
      XCTAssertTrue(
        message.contains(
          "certificate 2 of 2 (CN=danescope test root) did not issue certificate 1"
            + " (CN=mx.links.test)"), message)
      XCTAssertTrue(message.contains("subject issuer mismatch"), message)
      XCTAssertTrue(message.contains("RFC 7671 §5.2.2"), message)
      XCTAssertTrue(message.contains("or the CA certificate alone"), message)
    }
    // The leaf's own record is still made from the same file: usage 3 takes the first.
    let leafRecord = try DanescopeBinary.run(["tlsa", file.path])
    XCTAssertEqual(leafRecord.status, 0, leafRecord.stderr)
    XCTAssertEqual(
      leafRecord.stdout,
      "_25._tcp.mx.links.test. IN TLSA 3 1 1 \(try leaf.leafSPKISHA256())\n")
  }

  /// A root with the right name but another key. With key identifiers, OpenSSL's issuer check
  /// already tells them apart; without them (an intermediate made with no authority key
  /// identifier), only the signature does.
  func testACAWithTheIssuersNameButAnotherKeyIsRefused() throws {
    let folder = try TemporaryDirectory("tlsa-links-key")
    let otherFolder = try TemporaryDirectory("tlsa-links-other")
    let chain = try TestCertificates.caChain(.ec, name: "mx.links.test", in: folder)
    let root = try XCTUnwrap(chain.root)
    let impostor = try XCTUnwrap(
      try TestCertificates.rootAndLeaf(.ec, names: ["x.test"], in: otherFolder).root)
    let intermediate = folder.file("intermediate.crt")
    XCTAssertTrue(try opensslLinks(leaf: intermediate, ca: root))
    XCTAssertFalse(try opensslLinks(leaf: intermediate, ca: impostor))

    let file = try concatenate(
      [chain.certificate, intermediate, impostor], as: "impostor.pem", in: folder)
    let result = try DanescopeBinary.run(["tlsa", file.path, "--usage", "2"])
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(
      result.stderr.contains(
        "certificate 3 of 3 (CN=danescope test root) did not issue certificate 2"
          + " (CN=danescope test intermediate): authority and subject key identifier mismatch"),
      result.stderr)

    // An intermediate without an authority key identifier, signed by the true root.
    let plainExtensions = try folder.write(
      "plain-ca.ext", "basicConstraints=critical,CA:TRUE\nauthorityKeyIdentifier=none\n")
    let request = folder.file("plain.csr")
    let plainIntermediate = folder.file("plain-intermediate.crt")
    try TestProcess.check(
      "openssl",
      [
        "req", "-new", "-nodes", "-subj", "/CN=plain intermediate", "-keyout",
        folder.file("plain.key").path, "-out", request.path,
      ] + TestCertificates.KeyKind.ec.arguments)
    try TestProcess.check(
      "openssl",
      [
        "x509", "-req", "-in", request.path, "-CA", root.path, "-CAkey",
        folder.file("root.key").path, "-CAcreateserial", "-days", "30", "-extfile",
        plainExtensions.path, "-out", plainIntermediate.path,
      ])
    XCTAssertTrue(try opensslLinks(leaf: plainIntermediate, ca: root))
    XCTAssertFalse(try opensslLinks(leaf: plainIntermediate, ca: impostor))
    let unsigned = try concatenate([plainIntermediate, impostor], as: "unsigned.pem", in: folder)
    let signature = try DanescopeBinary.run(["tlsa", unsigned.path, "--usage", "2"])
    XCTAssertEqual(signature.status, 2, signature.stdout + signature.stderr)
    XCTAssertTrue(
      signature.stderr.contains(
        "certificate 2 of 2 (CN=danescope test root) did not issue certificate 1"
          + " (CN=plain intermediate): its signature does not verify"), signature.stderr)
    let trueRoot = try concatenate([plainIntermediate, root], as: "signed.pem", in: folder)
    let signed = try DanescopeBinary.run(
      ["tlsa", trueRoot.path, "--usage", "2", "--tlsa-name", "mx.links.test"])
    XCTAssertEqual(signed.status, 0, signed.stderr)

    // The true root in its place: the chain links, and the record names that root.
    let good = try concatenate(
      [chain.certificate, intermediate, root], as: "good.pem", in: folder)
    XCTAssertTrue(try opensslLinks(leaf: chain.certificate, ca: root, untrusted: good))
    let made = try DanescopeBinary.run(["tlsa", good.path, "--usage", "2"])
    XCTAssertEqual(made.status, 0, made.stderr)
    let rootSPKI = try TestCertificates.referenceAssociationData(
      certificate: root, selector: 1, matchingType: 1)
    XCTAssertEqual(made.stdout, "_25._tcp.mx.links.test. IN TLSA 2 1 1 \(rootSPKI)\n")
  }

  /// The same refusal for the chain a server sends (`--from`), which names the server.
  func testAServedChainThatDoesNotLinkIsRefused() throws {
    let leafFolder = try TemporaryDirectory("tlsa-links-served")
    let caFolder = try TemporaryDirectory("tlsa-links-served-ca")
    let leaf = try TestCertificates.selfSigned(.ed25519, name: "mx.links.test", in: leafFolder)
    let unrelated = try XCTUnwrap(
      try TestCertificates.rootAndLeaf(.ec, names: ["other.test"], in: caFolder).root)
    let served = try concatenate([leaf.certificate, unrelated], as: "served.pem", in: leafFolder)
    let peer = try HostilePeer(
      .wellBehaved,
      certificate: TestCertificate(
        certificate: leaf.certificate, key: leaf.key, chain: served, root: nil))
    defer { peer.stop() }
    let server = "127.0.0.1:\(peer.port)"
    let result = try DanescopeBinary.run(
      ["tlsa", "--from", server, "--usage", "2", "--tlsa-name", "mx.links.test", "--timeout", "5"])
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(
      result.stderr.contains(
        "in the chain \(server) sent, certificate 2 of 2 (CN=danescope test root) did not issue"
          + " certificate 1 (CN=mx.links.test)"), result.stderr)
    XCTAssertTrue(result.stderr.contains("Fix the server's chain"), result.stderr)
  }
}
