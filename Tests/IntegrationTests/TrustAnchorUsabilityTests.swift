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
            "danescope: resolver configuration: \(anchor.path):1: no trust anchor in the file "
              + "can be used"), result.stderr)
        XCTAssertEqual(result.stdout, "", name)
      }
    }
  }
}
