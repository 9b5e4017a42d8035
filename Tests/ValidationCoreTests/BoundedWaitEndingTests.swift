import Foundation
import XCTest

@testable import ValidationCore

/// When libunbound passes its bound (BoundedWait), the process ends with a message that says
/// only what is known, and with its private folders removed first: the resolver's (with its
/// copy of the trust anchors, which the old ending left in TMPDIR every time) and the others
/// the command line registers (the lab's). The ending itself (`_exit`) is not run here; what
/// runs before it is, with the same locks.
final class BoundedWaitEndingTests: XCTestCase {
  private final class Flags: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func set(_ name: String) { lock.withLock { names.append(name) } }
    var all: [String] { lock.withLock { names } }
  }

  override func tearDown() {
    BoundedWait.setRemovingFolders { $0() }
    super.tearDown()
  }

  func testEndingRemovesTheResolversFolderAndTheOthersFirst() throws {
    var scratch: URL?
    let copy = try UnboundContext.writeScratch(
      ". DS 1 8 2 00\n", named: ResolverScratchFolders.anchorFileName, in: &scratch)
    let folder = try XCTUnwrap(scratch).path
    XCTAssertTrue(FileManager.default.fileExists(atPath: copy))
    let flags = Flags()
    BoundedWait.setRemovingFolders { rest in
      flags.set("others")
      rest()
    }
    BoundedWait.removeFolders {
      flags.set(FileManager.default.fileExists(atPath: folder) ? "folder left" : "folder gone")
    }
    XCTAssertEqual(flags.all, ["others", "folder gone"])
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder))
  }

  /// The old message said a file "may have been replaced by a FIFO or a device" when libunbound
  /// was only slow loading a large anchor file.
  func testEndingMessageSaysOnlyWhatIsKnown() {
    let message = BoundedWait.Expiry(
      what: "loading the resolver configuration", seconds: BoundedWait.libunboundBound
    ).message
    XCTAssertEqual(
      message,
      "danescope: resolver configuration: libunbound did not finish loading the resolver"
        + " configuration within 60 s; stopping\n")
  }
}
