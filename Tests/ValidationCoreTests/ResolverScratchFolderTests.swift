import Foundation
import XCTest

@testable import ValidationCore

/// The private folder a resolver writes its generated configuration and its copy of the trust
/// anchor file into while libunbound is set up (UnboundContext.makeScratch, writeScratch,
/// ResolverScratchFolders.remove): only the owner may enter it, the files hold exactly the text
/// given, a file is never written over, and removal leaves nothing behind.
final class ResolverScratchFolderTests: XCTestCase {
  func mode(_ path: String) -> mode_t {
    var facts = stat()
    XCTAssertEqual(lstat(path, &facts), 0, path)
    return facts.st_mode
  }

  /// Removes a folder a test made, as the resolver does once libunbound has read it.
  func discard(_ folder: URL) {
    ResolverScratchFolders.lock.withLock {
      ResolverScratchFolders.remove(folder.path)
      ResolverScratchFolders.live.remove(folder.path)
    }
  }

  func testTheFolderIsPrivateAndItsFilesHoldTheTextGiven() throws {
    var scratch: URL?
    let folder = try UnboundContext.makeScratch(&scratch)
    defer { discard(folder) }
    XCTAssertEqual(scratch, folder)
    XCTAssertTrue(folder.lastPathComponent.hasPrefix("danescope-unbound-"), folder.path)
    XCTAssertEqual(mode(folder.path) & S_IFMT, S_IFDIR)
    XCTAssertEqual(mode(folder.path) & 0o777, 0o700)
    XCTAssertTrue(
      ResolverScratchFolders.lock.withLock { ResolverScratchFolders.live.contains(folder.path) })
    // A second file goes into the same folder.
    XCTAssertEqual(try UnboundContext.makeScratch(&scratch), folder)

    let text = String(repeating: ". 3600 IN DS 20326 8 2 e06d44b8 ; ünïcode\n", count: 3000)
    let path = try UnboundContext.writeScratch(
      text, named: ResolverScratchFolders.anchorFileName, in: &scratch)
    XCTAssertEqual(path, folder.appendingPathComponent("trust-anchor").path)
    XCTAssertEqual(mode(path) & S_IFMT, S_IFREG)
    XCTAssertEqual(mode(path) & 0o777, 0o600)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(text.utf8))
  }

  func testAFileAlreadyThereIsNotWrittenOver() throws {
    var scratch: URL?
    let folder = try UnboundContext.makeScratch(&scratch)
    defer { discard(folder) }
    let config = folder.appendingPathComponent(ResolverScratchFolders.configFileName)
    // A symbolic link planted where the file goes is not followed either.
    let elsewhere = folder.appendingPathComponent("elsewhere").path
    XCTAssertEqual(symlink(elsewhere, config.path), 0)
    XCTAssertThrowsError(
      try UnboundContext.writeScratch(
        "server:\n", named: ResolverScratchFolders.configFileName, in: &scratch)
    ) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains(config.path), text)
      XCTAssertTrue(text.contains("cannot write unbound.conf for libunbound: File exists"), text)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere))
  }

  func testRemovalLeavesNothingBehindAndForgetsTheFolder() throws {
    var scratch: URL?
    let folder = try UnboundContext.makeScratch(&scratch)
    for name in ResolverScratchFolders.fileNames {
      _ = try UnboundContext.writeScratch("x\n", named: name, in: &scratch)
    }
    discard(folder)
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))

    // Something else in the folder (not written by a resolver) does not keep it there.
    var other: URL?
    let second = try UnboundContext.makeScratch(&other)
    XCTAssertTrue(
      FileManager.default.createFile(
        atPath: second.appendingPathComponent("left-by-someone").path, contents: Data("y".utf8)))
    ResolverScratchFolders.removeAll()
    XCTAssertFalse(FileManager.default.fileExists(atPath: second.path))
    XCTAssertTrue(ResolverScratchFolders.lock.withLock { ResolverScratchFolders.live.isEmpty })
  }
}
