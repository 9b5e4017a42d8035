import Foundation
import XCTest

/// A `--trust-anchor` file is opened and read once, by danescope, and libunbound is given the
/// records read (`ub_ctx_add_ta`), not the file: a file replaced after danescope read it (by
/// other anchors, or by a FIFO, on which libunbound's read would wait forever) changes nothing
/// (Docs/Decisions.md D-resolver-4). The upstream is a real unbound serving the exported lab's
/// zones as auth-zones, which danescope forwards to and validates from the lab root's DS.
final class TrustAnchorReadOnceTests: XCTestCase {
  private static let rootDS =
    ". 3600 IN DS 33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489\n"

  private var folder: TemporaryDirectory!
  private var upstream: UnboundServer!

  override func setUpWithError() throws {
    folder = try TemporaryDirectory()
    let lab = folder.url.appendingPathComponent("lab")
    let exported = try DanescopeBinary.run(["lab", "export", lab.path])
    XCTAssertEqual(exported.status, 0, exported.stderr)
    upstream = try UnboundServer.overLab(lab, serverLines: [])
  }

  override func tearDown() {
    upstream?.stop()
    super.tearDown()
  }

  private func chain(_ anchor: String) throws -> DanescopeBinary.Result {
    try DanescopeBinary.run(
      [
        "chain", "--json", "--forwarder", upstream.forwarderAddress, "--trust-anchor", anchor,
        "mx1.ee-valid.example.", "A",
      ], timeout: 60)
  }

  private func assertSecure(_ result: DanescopeBinary.Result, line: UInt = #line) throws {
    XCTAssertEqual(result.status, 0, result.stderr, line: line)
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      result.stderr, line: line)
    XCTAssertEqual(json["validatorStatus"] as? String, "secure", "libunbound", line: line)
    XCTAssertEqual(json["status"] as? String, "secure", "engine", line: line)
  }

  func testTrustAnchorFileIsOpenedOnce() throws {
    let anchor = try folder.write("root.ds", Self.rootDS)
    let watch = try FileOpenWatch(anchor.path)
    let result = try chain(anchor.path)
    XCTAssertEqual(watch.stop(), 1, "opened by danescope only")
    try assertSecure(result)
  }

  /// The name is a symbolic link, turned to a FIFO as soon as danescope has read the file:
  /// libunbound used to open it again and wait on the FIFO forever.
  func testTrustAnchorReplacedByAFIFOAfterTheReadIsNotWaitedOn() throws {
    let anchor = try folder.write("root.ds", Self.rootDS)
    let fifo = folder.file("anchor.fifo").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let link = folder.file("anchor.ds").path
    let swap = folder.file("anchor.swap").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: anchor.path)
    try FileManager.default.createSymbolicLink(atPath: swap, withDestinationPath: fifo)
    let watch = try FileOpenWatch(anchor.path) { _ = rename(swap, link) }
    let result = try chain(link)
    XCTAssertEqual(watch.stop(), 1)
    XCTAssertEqual(
      try FileManager.default.destinationOfSymbolicLink(atPath: link), fifo, "swapped")
    try assertSecure(result)
  }
}
