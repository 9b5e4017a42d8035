import Foundation
import ValidationCore
import XCTest

/// The chain engine starts from the anchors libunbound is given by a `--resolver-conf` file,
/// found as libunbound finds them: through `include:`, with a relative `trust-anchor-file:`
/// looked for in the last `directory:` (unbound.conf(5): "a relative path to the working
/// directory"), else in the folder danescope runs in. The real binary, the fixture's signed
/// zones as auth-zones (nothing is queried), a name both validators must call secure.
/// unbound-checkconf says where unbound looks for each relative file.
final class ChainResolverConfAnchorTests: XCTestCase {
  nonisolated(unsafe) static var shared: ChainFixture?
  nonisolated(unsafe) static var setUpError: Error?

  override class func setUp() {
    super.setUp()
    do {
      shared = try ChainFixture(leaves: [ChainFixture.signedLeaf("good.tld.")])
    } catch {
      setUpError = error
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  private func fixture() throws -> ChainFixture {
    if let error = Self.setUpError { throw error }
    return try XCTUnwrap(Self.shared)
  }

  /// A root DS of the right form that matches no key of the fixture's root: an engine anchored
  /// on it calls the chain bogus where libunbound, anchored on the real one, says secure.
  static let wrongRootDS =
    ". 3600 IN DS 4711 13 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"

  private func runChain(_ conf: URL, in folder: URL? = nil) throws -> TestProcess.Result {
    try TestProcess.run(
      DanescopeBinary.url.path,
      ["chain", "www.good.tld.", "A", "--json", "--resolver-conf", conf.path], in: folder,
      timeout: 60)
  }

  /// Both verdicts secure, nothing found, exit status 0.
  private func assertBothSecure(
    _ result: TestProcess.Result, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    XCTAssertEqual(result.status, 0, result.stdout + result.stderr, file: file, line: line)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let top = try XCTUnwrap(object as? [String: Any], result.stdout, file: file, line: line)
    XCTAssertEqual(top["validatorStatus"] as? String, "secure", file: file, line: line)
    XCTAssertEqual(top["status"] as? String, "secure", "\(top)", file: file, line: line)
    let codes = (top["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
    XCTAssertEqual(codes, [], file: file, line: line)
  }

  /// What unbound-checkconf prints for `option` of `conf`, run in `folder` with no chroot.
  private func checkconf(_ conf: URL, option: String, in folder: URL) throws -> String {
    let result = try TestProcess.run(
      "unbound-checkconf", ["-o", option, conf.path], in: folder, timeout: 20)
    XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func testAnchorFileNamedInAnIncludedFile() throws {
    let fixture = try fixture()
    let folder = try TemporaryDirectory("danescope-conf-anchor")
    let anchor = try folder.write("root.ds", fixture.rootDS + "\n")
    let included = try folder.write(
      "anchors.conf", "server:\n  trust-anchor-file: \"\(anchor.path)\"\n")
    let conf = try fixture.writeAuthZoneConf(
      anchors: "  include: \"\(included.path)\"\n", in: folder)
    try assertBothSecure(try runChain(conf))
  }

  /// The anchor's name is relative and `directory:` is given: libunbound (and unbound-checkconf)
  /// read it in that folder. A different root DS sits in the configuration's own folder.
  func testRelativeAnchorFileAfterDirectory() throws {
    let fixture = try fixture()
    let folder = try TemporaryDirectory("danescope-conf-anchor")
    let keys = folder.url.appendingPathComponent("keys")
    try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: false)
    try Data((fixture.rootDS + "\n").utf8).write(to: keys.appendingPathComponent("root.ds"))
    let conf = try fixture.writeAuthZoneConf(
      anchors: "  directory: \"\(keys.path)\"\n  trust-anchor-file: \"root.ds\"\n", in: folder)
    _ = try folder.write("root.ds", Self.wrongRootDS + "\n")
    XCTAssertEqual(try checkconf(conf, option: "directory", in: folder.url), keys.path)
    try assertBothSecure(try runChain(conf, in: folder.url))
  }

  /// A relative name with no `directory:` is read in the folder danescope runs in, as
  /// libunbound reads it, not in the configuration's folder.
  func testRelativeAnchorFileWithoutDirectory() throws {
    let fixture = try fixture()
    let confFolder = try TemporaryDirectory("danescope-conf-anchor")
    let runFolder = try TemporaryDirectory("danescope-conf-anchor-run")
    _ = try runFolder.write("root.ds", fixture.rootDS + "\n")
    _ = try confFolder.write("root.ds", Self.wrongRootDS + "\n")
    let conf = try fixture.writeAuthZoneConf(
      anchors: "  trust-anchor-file: \"root.ds\"\n", in: confFolder)
    try assertBothSecure(try runChain(conf, in: runFolder.url))
  }
}
