import Foundation
import XCTest

/// A test case with a private folder of its own, made before each test and removed after.
class TemporaryFolderTestCase: XCTestCase {
  /// The folder of the running test.
  var folder: URL!

  /// The folder's name: `danescope-PREFIX-` and eight random characters.
  class var folderPrefix: String { "test" }

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-\(Self.folderPrefix)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try FileManager.default.removeItem(at: folder)
  }

  /// Writes `text` to the file `name` in the folder; returns its path.
  func write(_ name: String, _ text: String) throws -> String {
    let file = folder.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }
}
