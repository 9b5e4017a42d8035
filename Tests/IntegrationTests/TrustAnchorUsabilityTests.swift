import Foundation
import XCTest

/// A `--trust-anchor` file whose every record uses an algorithm or DS digest type that cannot
/// be checked is an anchor libunbound drops ("has no supported algorithms, the anchor is
/// ignored"), after which every answer would read insecure: danescope refuses it before any
/// query, exit status 2, naming the file and line. Nothing listens on the forwarder's port:
/// the refusal comes first.
final class TrustAnchorUsabilityTests: XCTestCase {
  static let digest = "c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"

  func testUnusableOnlyAnchorIsAConfigurationError() throws {
    let folder = try TemporaryDirectory()
    let records = [
      "digest99.ds": ". 3600 IN DS 33007 8 99 \(Self.digest)",
      "alg200.ds": ". 3600 IN DS 33007 200 2 \(Self.digest)",
    ]
    for (name, record) in records.sorted(by: { $0.key < $1.key }) {
      let anchor = try folder.write(name, record + "\n")
      for command in [["chain", "example.", "A"], ["check", "example."]] {
        let result = try DanescopeBinary.run(
          command + ["--forwarder", "127.0.0.1@1", "--trust-anchor", anchor.path])
        XCTAssertEqual(result.status, 2, "\(name) \(command): \(result.stdout)\(result.stderr)")
        XCTAssertTrue(
          result.stderr.hasPrefix(
            "danescope: resolver configuration: \(anchor.path):1: no trust anchor record for . "
              + "can be used"), result.stderr)
        XCTAssertEqual(result.stdout, "", name)
      }
    }
  }
}

/// The same rule for the anchors a `--resolver-conf` file names (`trust-anchor-file:`, inline
/// `trust-anchor:`, through includes): an anchored zone none of whose records can be used is
/// refused, exit status 2, naming the configuration's line and the anchor file's. The
/// forwarder has no listener: a refusal comes before any query, and an accepted configuration
/// runs into a short timeout instead.
final class ResolverConfTrustAnchorUsabilityTests: XCTestCase {
  static let digest = TrustAnchorUsabilityTests.digest

  /// A configuration forwarding to a closed port, with `anchors` (lines inside `server:`).
  private func writeConf(_ folder: TemporaryDirectory, _ anchors: String) throws -> URL {
    try folder.write(
      "unbound.conf",
      "server:\n  verbosity: 0\n\(anchors)forward-zone:\n  name: \".\"\n"
        + "  forward-addr: 127.0.0.1@1\n")
  }

  /// The zones whose anchor unbound itself ignores with `conf` ("trust anchor ZONE has no
  /// supported algorithms, the anchor is ignored"), as unbound-checkconf (libunbound 1.17's
  /// anchor code) says; the configuration is included in one that runs with no chroot or user.
  private func zonesUnboundIgnores(_ folder: TemporaryDirectory, _ conf: URL) throws -> [String] {
    let wrapper = try folder.write(
      "checkconf.conf",
      "server:\n  username: \"\"\n  chroot: \"\"\n  pidfile: \"\"\ninclude: \"\(conf.path)\"\n")
    let result = try TestProcess.run("unbound-checkconf", [wrapper.path], timeout: 20)
    XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    return result.stderr.split(separator: "\n").compactMap { line in
      guard let start = line.range(of: "warning: trust anchor "),
        let end = line.range(of: " has no supported algorithms, the anchor is ignored")
      else { return nil }
      return String(line[start.upperBound..<end.lowerBound])
    }
  }

  private func runChain(_ conf: URL) throws -> (status: Int32, stdout: String, stderr: String) {
    let result = try DanescopeBinary.run(
      ["chain", "example.", "A", "--resolver-conf", conf.path, "--timeout", "0.2"])
    return (result.status, result.stdout, result.stderr)
  }

  func testAnchorFileWithOnlyDigestType99IsRefused() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write(
      "digest99.ds", "; unusable\n. 3600 IN DS 33007 8 99 \(Self.digest)\n")
    let conf = try writeConf(folder, "  # the anchor\n  trust-anchor-file: \"\(anchor.path)\"\n")
    XCTAssertEqual(try zonesUnboundIgnores(folder, conf), ["."])
    let result = try runChain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: resolver configuration: \(conf.path):4: trust-anchor-file \(anchor.path):2:"
          + " no trust anchor record for . can be used (. DS 33007: digest type"), result.stderr)
    XCTAssertEqual(result.stdout, "")
  }

  func testAnchorFileWithOnlyAlgorithm200ThroughAnIncludeIsRefused() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write("alg200.ds", ". 3600 IN DS 33007 200 2 \(Self.digest)\n")
    let inner = try folder.write("anchors.conf", "server:\n  trust-anchor-file: \(anchor.path)\n")
    let conf = try writeConf(folder, "  include: \"\(inner.path)\"\n")
    XCTAssertEqual(try zonesUnboundIgnores(folder, conf), ["."])
    let result = try runChain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: resolver configuration: \(inner.path):2: trust-anchor-file \(anchor.path):1:"
          + " no trust anchor record for . can be used (. DS 33007: algorithm ALG200(200) is not"
          + " supported)"), result.stderr)
    XCTAssertEqual(result.stdout, "")
  }

  func testInlineAnchorWithOnlyDigestType99IsRefused() throws {
    let folder = try TemporaryDirectory()
    let conf = try writeConf(
      folder, "  trust-anchor: \". DS 33007 8 99 \(Self.digest)\"\n")
    XCTAssertEqual(try zonesUnboundIgnores(folder, conf), ["."])
    let result = try runChain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: resolver configuration: \(conf.path):3: trust-anchor:"
          + " no trust anchor record for . can be used (. DS 33007: digest type"), result.stderr)
    XCTAssertEqual(result.stdout, "")
  }

  /// libunbound gathers a zone's anchor from every line and file that names it: one usable
  /// record anywhere is enough, here an inline one beside a file with an unusable one.
  func testZoneWithOneUsableRecordAmongUnusableOnesIsAccepted() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write(
      "mixed.ds",
      ". 3600 IN DS 33007 8 99 \(Self.digest)\n. 3600 IN DS 33007 200 2 \(Self.digest)\n")
    let conf = try writeConf(
      folder,
      "  trust-anchor-file: \"\(anchor.path)\"\n"
        + "  trust-anchor: \". DS 33007 8 2 \(Self.digest)\"\n")
    XCTAssertEqual(try zonesUnboundIgnores(folder, conf), [])
    let result = try runChain(conf)
    XCTAssertFalse(result.stderr.contains("resolver configuration"), result.stderr)
    XCTAssertNotEqual(result.status, 2, result.stdout + result.stderr)
  }

  /// Each anchored zone counts on its own: a usable root anchor does not save an anchor for
  /// example. that libunbound ignores (it would then validate nothing from it).
  func testZoneWithOnlyUnusableRecordsBesideAUsableRootIsRefused() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write(
      "example.ds", "example. 3600 IN DS 1 8 99 \(Self.digest)\n")
    let conf = try writeConf(
      folder,
      "  trust-anchor: \". DS 33007 8 2 \(Self.digest)\"\n  trust-anchor-file: \(anchor.path)\n")
    XCTAssertEqual(try zonesUnboundIgnores(folder, conf), ["example."])
    let result = try runChain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: resolver configuration: \(conf.path):4: trust-anchor-file \(anchor.path):1:"
          + " no trust anchor record for example. can be used (example. DS 1: digest type"),
      result.stderr)
  }

  /// libunbound (and unbound-checkconf) load a `trust-anchor-file:` with no record in it without
  /// a word, and then have no anchor from it: refused like an empty `--trust-anchor` file, at
  /// the line that names it, here through an include and a relative name after `directory:`,
  /// which is named as the configuration writes it.
  func testAnchorFileWithNoRecordIsRefused() throws {
    let folder = try TemporaryDirectory()
    for (name, text) in [("empty.ds", ""), ("comments.ds", "; no anchor yet\n\n")] {
      _ = try folder.write(name, text)
      let inner = try folder.write(
        "anchors.conf",
        "server:\n  directory: \"\(folder.url.path)\"\n  trust-anchor-file: \(name)\n")
      let conf = try writeConf(folder, "  include: \"\(inner.path)\"\n")
      XCTAssertEqual(try zonesUnboundIgnores(folder, conf), [], name)
      let result = try runChain(conf)
      XCTAssertEqual(result.status, 2, "\(name): \(result.stdout)\(result.stderr)")
      XCTAssertEqual(
        result.stderr,
        "danescope: resolver configuration: \(inner.path):3: trust-anchor-file"
          + " \(name): trust anchor file holds no DS or DNSKEY record\n")
      XCTAssertEqual(result.stdout, "", name)
    }
  }

  /// An empty `auto-trust-anchor-file:` is an error to libunbound itself ("error reading
  /// auto-trust-anchor-file", as unbound-checkconf says): left to it, still exit status 2.
  func testEmptyAutoTrustAnchorFileIsLeftToLibunbound() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write("auto.ds", "")
    let conf = try writeConf(folder, "  auto-trust-anchor-file: \"\(anchor.path)\"\n")
    let wrapper = try folder.write(
      "checkconf.conf",
      "server:\n  username: \"\"\n  chroot: \"\"\n  pidfile: \"\"\ninclude: \"\(conf.path)\"\n")
    let checked = try TestProcess.run("unbound-checkconf", [wrapper.path], timeout: 20)
    XCTAssertNotEqual(checked.status, 0, checked.stdout + checked.stderr)
    XCTAssertTrue(
      checked.stderr.contains("error reading auto-trust-anchor-file: \(anchor.path)"),
      checked.stderr)
    let result = try runChain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: resolver configuration: \(conf.path): failed to read \(anchor.path)"),
      result.stderr)
    XCTAssertEqual(result.stdout, "")
  }

  /// A file libunbound cannot parse is still reported by libunbound, naming the line.
  func testAnchorFileThatDoesNotParseIsLeftToLibunbound() throws {
    let folder = try TemporaryDirectory()
    let anchor = try folder.write("broken.ds", ". 3600 IN DS 33007 8 2 nothex\n")
    // An unusable inline anchor beside it: the check stands back for libunbound's error.
    let conf = try writeConf(
      folder,
      "  trust-anchor-file: \"\(anchor.path)\"\n"
        + "  trust-anchor: \". DS 33007 200 2 \(Self.digest)\"\n")
    let result = try runChain(conf)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(
      result.stderr.hasPrefix(
        "danescope: resolver configuration: \(anchor.path):1: parse error: "), result.stderr)
  }
}
