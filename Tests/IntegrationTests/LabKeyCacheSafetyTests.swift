import Foundation
import XCTest

/// Docs/Lab.md: the key cache folder is 0700 and its key files 0600, this user's own. Whoever can
/// write a key there decides what the lab's trust anchor vouches for, so a cache that another
/// user owns, or that group or others may write (or, for a private key, read), is refused: the
/// lab does not start on it, says which path is at fault and how to get a clean cache, and
/// changes nothing in it (Docs/Decisions.md, D-lab-keys-private).
final class LabKeyCacheSafetyTests: XCTestCase {
  func testACacheOthersCouldWriteIsRefusedAndLeftAsItIs() throws {
    let scratch = try TemporaryDirectory("danescope-keycache-safety")
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = scratch.file("cache").path
    let cache = scratch.file("cache/danescope/lab-keys")
    let made = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example", "MX"], timeout: 120, environment: environment)
    XCTAssertEqual(made.status, 0, made.stderr)
    let key = cache.appendingPathComponent("root-ksk-alg8.pem")
    let original = try Data(contentsOf: key)

    let manager = FileManager.default
    let cases: [(what: String, path: URL, change: () throws -> Void, undo: () throws -> Void)] = [
      ("a world-writable folder", cache,
        { try manager.setAttributes([.posixPermissions: 0o777], ofItemAtPath: cache.path) },
        { try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: cache.path) }),
      ("a group-writable key", key,
        { try manager.setAttributes([.posixPermissions: 0o620], ofItemAtPath: key.path) },
        { try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path) }),
      ("a key others may read", key,
        { try manager.setAttributes([.posixPermissions: 0o604], ofItemAtPath: key.path) },
        { try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path) }),
      ("a key another user owns", key,
        { try manager.setAttributes([.ownerAccountID: 65534], ofItemAtPath: key.path) },
        { try manager.setAttributes([.ownerAccountID: geteuid()], ofItemAtPath: key.path) }),
    ]
    for (what, path, change, undo) in cases {
      try change()
      let refused = try DanescopeBinary.run(
        ["check", "--lab", "ee-valid", "--json"], timeout: 120, environment: environment)
      XCTAssertEqual(refused.status, 3, "\(what): \(refused.stderr)")
      XCTAssertEqual(refused.stdout, "", what)
      XCTAssertTrue(
        refused.stderr.contains("the lab's key cache is not private: \(path.path) "),
        "\(what): \(refused.stderr)")
      XCTAssertTrue(refused.stderr.contains("rm -r \(cache.path)"), "\(what): \(refused.stderr)")
      XCTAssertEqual(try Data(contentsOf: key), original, "\(what): the key was changed")
      try undo()
    }
    let accepted = try DanescopeBinary.run(
      ["chain", "--lab", "ee-valid.example", "MX"], timeout: 120, environment: environment)
    XCTAssertEqual(accepted.status, 0, accepted.stderr)
    XCTAssertEqual(try Data(contentsOf: key), original)
  }
}
