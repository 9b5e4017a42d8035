import Foundation
import XCTest

@testable import ValidationCore

/// Words of printed command lines, quoted for a POSIX shell: sh reads each back as the one word
/// it was, and runs nothing in it.
final class ShellWordTests: XCTestCase {
  func testShReadsEachQuotedWordBackWhole() throws {
    let words = [
      "/tmp/lab/unbound.conf", "exp/x;touch PWNED;#/unbound.conf", "with space", "it's",
      "'\u{301}quote with a combining mark", "$(touch PWNED)", "`touch PWNED`", "a*b?[c]", "",
      "tab\there", "back\\slash", "é.example.",
    ]
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-shellword-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for word in words {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", "printf '%s' " + ShellWord.quoted(word)]
      process.currentDirectoryURL = folder
      let out = Pipe()
      process.standardOutput = out
      try process.run()
      let data = out.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      XCTAssertEqual(process.terminationStatus, 0, word)
      XCTAssertEqual(String(decoding: data, as: UTF8.self), word, ShellWord.quoted(word))
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "sh ran something")
  }

  func testPlainWordsStayAsTheyAre() {
    XCTAssertEqual(ShellWord.quoted("/tmp/lab-1/trust-anchor.bind"), "/tmp/lab-1/trust-anchor.bind")
    XCTAssertEqual(ShellWord.quoted("x y"), "'x y'")
    XCTAssertEqual(ShellWord.quoted("it's"), #"'it'\''s'"#)
    XCTAssertEqual(ShellWord.quoted(""), "''")
  }
}
