import Foundation
import XCTest

/// The lab exported to a temporary folder (`danescope lab export`), for tests that run its
/// unbound.conf with other trust anchors than its own. The folder goes with `folder`.
struct ExportedLab {
  /// The DS of the lab root's key-signing key (key tag 33007, RSASHA256, SHA-256).
  static let rootDS =
    "33007 8 2 c7a4203ab5db956ad2a6901a0510345c4a66f2535f33754c9b7849287754f489"

  let folder: TemporaryDirectory
  /// Where the lab's files are: unbound.conf, zones/, the trust anchor.
  let lab: URL

  init() throws {
    folder = try TemporaryDirectory()
    lab = folder.url.appendingPathComponent("lab")
    let exported = try DanescopeBinary.run(["lab", "export", lab.path])
    XCTAssertEqual(exported.status, 0, exported.stderr)
  }

  /// The RDATA (flags, protocol, algorithm, key) of the lab root's DNSKEY with `flags`: 257
  /// for its key-signing key, 256 for its zone-signing key, as the root zone publishes it.
  func rootKey(flags: Int) throws -> String {
    let zone = try String(
      contentsOf: lab.appendingPathComponent("zones/root.zone"), encoding: .utf8)
    let line = try XCTUnwrap(
      zone.split(separator: "\n").first { $0.hasPrefix(".\t") && $0.contains("DNSKEY\t\(flags) ") })
    return line.components(separatedBy: "DNSKEY\t")[1]
  }

  /// The lab's unbound.conf, written as `name`, with `lines` in place of its trust-anchor-file
  /// line.
  func conf(_ name: String, replacingTrustAnchorWith lines: String) throws -> URL {
    let text = try String(
      contentsOf: lab.appendingPathComponent("unbound.conf"), encoding: .utf8)
    let replaced = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.contains("trust-anchor-file:") ? lines : String(line)
    }
    return try folder.write(name, replaced.joined(separator: "\n"))
  }
}
