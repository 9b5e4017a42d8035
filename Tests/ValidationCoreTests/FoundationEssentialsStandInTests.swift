import Foundation
import ValidationCore
import XCTest

/// The library modules link FoundationEssentials only (Docs/Decisions.md, D-build-2); what they
/// use in place of full Foundation must give what full Foundation gave, which this test target
/// (linked with full Foundation) holds as the reference.
final class FoundationEssentialsStandInTests: XCTestCase {
  func testPrintfTextWritesWhatStringFormatWrote() {
    // Halves that round to even or away, values just either side of a rounding point, and the
    // shapes the sources print (probe elapsed seconds, timeouts, dates).
    let values: [Double] = [
      0, 0.0005, 0.0015, 0.0025, 0.1235, 1.0005, 0.25, 2.5, 0.6, 120, 1e-5, 123456.7, 1234567,
      0.1 + 0.2, 59.9995, 999.9995, 1e21, -0.0004, Double(1).nextDown, 7.0005.nextUp,
    ]
    for value in values {
      for format in ["%7.3f", "%g", "%7.3f ", "%.1f"] {
        XCTAssertEqual(
          PrintfText.make(format, value), String(format: format, value), "\(format) of \(value)")
      }
    }
    for (year, month, day) in [(0, 1, 1), (2026, 12, 5), (99999, 0, 123)] {
      XCTAssertEqual(
        PrintfText.make("%04ld-%02ld-%02ld", year, month, day),
        String(format: "%04d-%02d-%02d", year, month, day))
    }
    XCTAssertEqual(PrintfText.make("%02ld:%02ld", 24, 5), "24:05")
    // Longer than the first buffer it tries.
    let long = PrintfText.make("%040.3f", 1.5)
    XCTAssertEqual(long, String(format: "%040.3f", 1.5))
    XCTAssertEqual(long.count, 40)
  }

  func testTrimmingWhitespaceTrimsWhatCharacterSetsTrimmed() {
    let texts = [
      "", " ", "\t a b \t", "\n\r\u{0B}\u{0C} x \u{85}\u{2028}\u{2029}", "\u{A0}\u{3000}x\u{202F}",
      "\u{200B}x\u{200B}", " \u{301}x", "x\r\n", "é ", "\u{1680}x\u{205F}", "  \u{1F600}  ",
    ]
    for text in texts {
      XCTAssertEqual(
        text.trimmingWhitespace(), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
      XCTAssertEqual(
        text.trimmingWhitespace(andNewlines: true),
        text.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
      XCTAssertEqual(
        text.dropFirst(0).trimmingWhitespace(), text.trimmingCharacters(in: .whitespaces))
    }
  }

  func testRecursiveLockMayBeTakenAgainByItsHolder() {
    let lock = Lock(recursive: true)
    let inner = lock.withLock { lock.withLock { 42 } }
    XCTAssertEqual(inner, 42)
  }

  func testLockKeepsThreadsApart() {
    final class Counter: @unchecked Sendable {
      let lock = Lock()
      var value = 0
    }
    let counter = Counter()
    let group = DispatchGroup()
    for _ in 0..<4 {
      group.enter()
      XCTAssertTrue(
        DetachedThread.start(name: "danescope-test") {
          for _ in 0..<10_000 { counter.lock.withLock { counter.value += 1 } }
          group.leave()
        })
    }
    XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
    XCTAssertEqual(counter.lock.withLock { counter.value }, 40_000)
  }

  func testDetachedThreadRunsItsBodyUnderItsName() {
    final class Seen: @unchecked Sendable { var name = "" }
    let seen = Seen()
    let done = DispatchSemaphore(value: 0)
    DetachedThread.start(name: "danescope-unbound") {
      seen.name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
      done.signal()
    }
    XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
    // The kernel keeps 15 bytes of a thread's name.
    XCTAssertEqual(seen.name, "danescope-unbou\n")
  }
}

/// The decision itself: no file of a module that goes into the danescope binary imports full
/// Foundation or ICU's half of it (one such import links CoreFoundation and ICU into the binary).
final class NoFullFoundationImportTests: XCTestCase {
  func testSourcesImportFoundationEssentialsOnly() throws {
    let sources = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources")
    let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path))
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    XCTAssertGreaterThan(files.count, 100, "the Sources folder was not found at \(sources.path)")
    let forbidden = ["Foundation", "FoundationInternationalization", "CoreFoundation"]
    for file in files {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for line in text.split(separator: "\n") {
        // `import Foundation`, `@preconcurrency import Foundation`, `import struct Foundation.X`.
        let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "func", "var", "let"]
        let words = line.split(separator: " ").drop { $0.hasPrefix("@") }
        guard words.first == "import",
          let path = words.dropFirst().first(where: { !kinds.contains($0) }),
          let module = path.split(separator: ".").first
        else { continue }
        XCTAssertFalse(forbidden.contains(String(module)), "\(file): \(line)")
      }
    }
  }
}
