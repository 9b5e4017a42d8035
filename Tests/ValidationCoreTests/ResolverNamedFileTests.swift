import Foundation
import XCTest

@testable import ValidationCore

/// Files an unbound.conf names through globs, relative names and `directory:`: each one that is
/// a FIFO or a device must be refused before libunbound opens it (it would wait or read
/// forever), found where libunbound 1.17 itself looks for it.
final class ResolverNamedFileTests: XCTestCase {
  var folder: URL!
  var startFolder: String!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-named-files-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("g1"), withIntermediateDirectories: true)
    startFolder = FileManager.default.currentDirectoryPath
  }

  override func tearDownWithError() throws {
    // libunbound's `directory:` moves the whole process: put it back.
    _ = FileManager.default.changeCurrentDirectoryPath(startFolder)
    try FileManager.default.removeItem(at: folder)
  }

  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @discardableResult
  func makeFIFO(_ name: String) -> String {
    let path = folder.appendingPathComponent(name).path
    XCTAssertEqual(mkfifo(path, 0o600), 0)
    return path
  }

  /// What building a resolver from `configFile` gives, within a bounded wait (a test must fail,
  /// not hang, when libunbound reaches a FIFO).
  func outcome(_ configFile: String) -> Result<Void, ResolverConfigurationError>? {
    final class Box: @unchecked Sendable { var outcome: Result<Void, ResolverConfigurationError>? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Thread {
      do {
        _ = try UnboundResolver(.custom(configFile: configFile))
        box.outcome = .success(())
      } catch {
        box.outcome = .failure(error as! ResolverConfigurationError)
      }
      done.signal()
    }.start()
    guard done.wait(timeout: .now() + 20) == .success else {
      XCTFail("building the resolver did not finish within 20 s")
      return nil
    }
    return box.outcome
  }

  func refusal(_ configFile: String, file: StaticString = #filePath, line: UInt = #line)
    -> ResolverConfigurationError?
  {
    guard case .failure(let error)? = outcome(configFile) else {
      XCTFail("the configuration was accepted", file: file, line: line)
      return nil
    }
    return error
  }

  static let anchor =
    ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"

  // MARK: What libunbound does (the rules the check follows)

  func testLibunboundLooksForRelativeNamesInTheDirectorySettingThenAtTheStart() throws {
    try write("d/inc.conf", "server:\n  trust-anchor-file: \"ta.key\"\n")
    try write("d/ta.key", Self.anchor)
    let main = try write("main.conf", "server:\n  directory: \"d\"\n  include: \"inc.conf\"\n")
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    XCTAssertNotNil(try outcome(main)?.get(), "libunbound found d/inc.conf and d/ta.key")
    // The walk names the same files.
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    let found = try UnboundNamedFiles.walk(main, workingFolder: folder.path) { _ in }
    XCTAssertEqual(
      found.map(\.path),
      [folder.appendingPathComponent("d/inc.conf").path,
       folder.appendingPathComponent("d/ta.key").path])
  }

  func testDanescopeStaysInItsWorkingFolderAfterADirectorySetting() throws {
    try write("d/ta.key", Self.anchor)
    let main = try write(
      "main.conf", "server:\n  directory: \"\(folder.path)/d\"\n  trust-anchor-file: ta.key\n")
    _ = FileManager.default.changeCurrentDirectoryPath(folder.appendingPathComponent("g1").path)
    let before = FileManager.default.currentDirectoryPath
    XCTAssertNotNil(try outcome(main)?.get(), "libunbound found d/ta.key from d")
    XCTAssertEqual(FileManager.default.currentDirectoryPath, before)
  }

  /// Root hints are read at the first query, when danescope is back in its own folder: a FIFO
  /// there is refused too, though `directory:` names another folder. The file is named as the
  /// configuration writes it, as libunbound names files.
  func testRelativeRootHintsAreCheckedInBothFolders() throws {
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("d"), withIntermediateDirectories: true)
    makeFIFO("g1/hints")
    let main = try write(
      "main.conf", "server:\n  directory: \"\(folder.path)/d\"\n  root-hints: \"g1/hints\"\n")
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    XCTAssertEqual(
      refusal(main)?.message,
      "g1/hints: root-hints cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  func testLibunboundLooksForARelativeNameInTheWorkingFolderWithoutDirectory() throws {
    try write("g1/ta.key", Self.anchor)
    let main = try write("main.conf", "server:\n  trust-anchor-file: \"g1/ta.key\"\n")
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    XCTAssertNotNil(try outcome(main)?.get())
    // Elsewhere, the same name is not found.
    _ = FileManager.default.changeCurrentDirectoryPath(folder.appendingPathComponent("g1").path)
    let error = refusal(main)
    XCTAssertTrue(error?.description.contains("error opening file g1/ta.key") ?? false, "\(error!)")
  }

  // MARK: Refusals

  func testGlobIncludeMatchingAFIFOIsRefusedWithItsLine() throws {
    try write("inc/a.conf", "server:\n")
    let fifo = makeFIFO("inc/b.conf")
    let main = try write("main.conf", "server:\n  include: \"\(folder.path)/inc/*.conf\"\n")
    let error = refusal(main)
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(
      error?.description,
      "\(main):2: \(fifo): include cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  func testGlobIncludeMatchingALinkToDevZeroIsRefused() throws {
    let link = folder.appendingPathComponent("g1/zero.conf").path
    XCTAssertNoThrow(try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: "/dev/zero"))
    let main = try write("main.conf", "include: \"\(folder.path)/g{1,2}/*.conf\"\n")
    XCTAssertEqual(refusal(main)?.file, main)
    XCTAssertEqual(refusal(main)?.line, 1)
  }

  func testRelativeIncludeOfAFIFOInTheWorkingFolderIsRefused() throws {
    makeFIFO("g1/x.conf")
    let main = try write("main.conf", "server:\n  include: \"g1/x.conf\"\n")
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    XCTAssertEqual(refusal(main)?.kind, .unreadableFile)
  }

  func testRelativeTrustAnchorFileAfterDirectoryIsRefusedThere() throws {
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("d/g1"), withIntermediateDirectories: true)
    XCTAssertEqual(mkfifo(folder.appendingPathComponent("d/g1/x.conf").path, 0o600), 0)
    let main = try write(
      "main.conf", "server:\n  directory: \"\(folder.path)/d\"\n  trust-anchor-file: \"g1/x.conf\"\n")
    let error = refusal(main)
    XCTAssertEqual(error?.line, 3)
    XCTAssertEqual(
      error?.message,
      "g1/x.conf: trust-anchor-file cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  func testRelativeRootHintsNamingAFIFOIsRefused() throws {
    makeFIFO("g1/x.conf")
    let main = try write("main.conf", "server:\n  root-hints: \"g1/x.conf\"\n")
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    XCTAssertEqual(refusal(main)?.line, 2)
  }

  func testIncludeAfterAnotherKeywordOnTheSameLineIsStillSeen() throws {
    makeFIFO("g1/x.conf")
    let main = try write("main.conf", "server: include:\"\(folder.path)/g1/x.conf\" # one line\n")
    XCTAssertEqual(refusal(main)?.kind, .unreadableFile)
  }

  func testChrootPrefixIsCutAsLibunboundCutsIt() throws {
    let main = try write(
      "main.conf",
      "server:\n  chroot: \"\(folder.path)/jail\"\n"
        + "  trust-anchor-file: \"\(folder.path)/jail/dev/zero\"\n")
    XCTAssertEqual(
      refusal(main)?.message,
      "/dev/zero: trust-anchor-file cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  func testTooManyIncludedFilesAreRefused() throws {
    for index in 0...UnboundNamedFiles.maximumIncludedFiles {
      try write("many/\(index).conf", "\n")
    }
    let main = try write("main.conf", "include: \"\(folder.path)/many/*.conf\"\n")
    XCTAssertEqual(
      refusal(main)?.message,
      "the configuration includes more than 256 files, more than danescope reads")
  }

  // MARK: Include loops (libunbound follows them until "Too many open files")

  func testFileThatIncludesItselfIsRefusedWithItsLine() throws {
    let main = folder.appendingPathComponent("main.conf").path
    try write("main.conf", "server:\n  include: \"\(main)\"\n")
    let error = refusal(main)
    XCTAssertEqual(error?.kind, .rejected)
    XCTAssertEqual(
      error?.description,
      "\(main):2: includes itself (\(main)); libunbound would read it again and again")
  }

  func testSelfIncludeUnderAnotherNameIsALoopToo() throws {
    let main = try write("g1/main.conf", "server:\n  include: \"../g1/./link.conf\"\n")
    XCTAssertNoThrow(try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("g1/link.conf").path, withDestinationPath: main))
    try write("top.conf", "server:\n  directory: \"\(folder.path)/g1\"\n  include: main.conf\n")
    let error = refusal(folder.appendingPathComponent("top.conf").path)
    // Named as top.conf's include writes it (found in the `directory:`), as libunbound would.
    XCTAssertEqual(error?.file, "main.conf")
    XCTAssertEqual(error?.line, 2)
    XCTAssertTrue(error?.message.hasPrefix("includes itself") ?? false, "\(String(describing: error))")
  }

  func testGlobThatMatchesTheIncludingFileIsALoop() throws {
    try write("g1/a.conf", "server:\n")
    let main = try write("g1/main.conf", "server:\n\n  include: \"\(folder.path)/g1/*.conf\"\n")
    XCTAssertEqual(refusal(main)?.line, 3)
    XCTAssertTrue(refusal(main)?.message.hasPrefix("includes itself") ?? false)
  }

  func testLoopThroughAnotherFileNamesTheChain() throws {
    let a = folder.appendingPathComponent("a.conf").path
    let b = folder.appendingPathComponent("b.conf").path
    try write("a.conf", "server:\n  include: \"\(b)\"\n")
    try write("b.conf", "# b\ninclude: \"\(a)\"\n")
    let error = refusal(a)
    XCTAssertEqual(error?.kind, .rejected)
    XCTAssertEqual(
      error?.description,
      "\(b):2: includes \(a), which is still being read: the includes \(a):2 -> \(b):2 -> \(a)"
        + " form a loop that libunbound would follow again and again")
  }

  func testAFileIncludedTwiceWithoutALoopIsAccepted() throws {
    let shared = try write("shared.conf", "server:\n  verbosity: 0\n")
    let main = try write(
      "main.conf", "include: \"\(shared)\"\ninclude: \"\(shared)\"\n")
    guard case .success? = outcome(main) else {
      return XCTFail("refused: \(String(describing: outcome(main)))")
    }
  }

  /// Each level includes the next twice: libunbound reads 2^9 files, and so does the count.
  func testIncludesThatDoubleAtEachLevelCountEveryRead() throws {
    try write("level9.conf", "server:\n")
    for level in 0..<9 {
      let next = folder.appendingPathComponent("level\(level + 1).conf").path
      try write("level\(level).conf", "include: \"\(next)\"\ninclude: \"\(next)\"\n")
    }
    XCTAssertEqual(
      refusal(folder.appendingPathComponent("level0.conf").path)?.message,
      "the configuration includes more than 256 files, more than danescope reads")
  }
}
