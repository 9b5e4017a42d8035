import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// Each kind of file danescope reads has its own size bound in the code; the User Guide's table
/// ("Timeouts, logs and errors") and the man page state each one, so neither can promise one
/// bound for every file (as "16 MiB" once did, while `tlsa` refused a PEM file above 1 MiB).
final class FileSizeLimitDocsTests: XCTestCase {
  private func document(_ path: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      .replacingOccurrences(of: "\\-", with: "-")
  }

  /// "16 MiB" or "64 KiB", from the bound in bytes.
  private func rounded(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
  }

  /// The User Guide writes bytes with thousands separators, the man page without.
  private func grouped(_ bytes: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.usesGroupingSeparator = true
    formatter.groupingSeparator = ","
    formatter.groupingSize = 3
    return formatter.string(from: NSNumber(value: bytes)) ?? "\(bytes)"
  }

  private var bounds: [(what: String, guideRow: String, manContext: String, bytes: Int)] {
    [
      ("certificate file", "the certificate file of `danescope tlsa CERT.pem`",
        "is a regular file of at most", InputFile.maximumSize),
      ("resolver files", "`--resolver-conf FILE`, each file it names that exists",
        "a file\nof more than", UnboundContext.maximumFileSize),
      ("trust anchor file", "`--trust-anchor FILE`", "It must be a regular file of at most",
        UnboundContext.maximumFileSize),
      ("theme file", "a theme file (`--theme NAME`", "A broken file, or one of more than",
        ThemeCatalog.maximumFileSize),
    ]
  }

  func testTheUserGuideTableStatesEachBound() throws {
    let guide = try document("Docs/UserGuide.md")
    let rows = guide.split(separator: "\n").filter { $0.hasPrefix("  | ") }
    for bound in bounds {
      let row = try XCTUnwrap(rows.first { $0.contains(bound.guideRow) }, bound.what)
      XCTAssertTrue(
        row.contains("| \(rounded(bound.bytes)) (\(grouped(bound.bytes)) bytes)"),
        "\(bound.what): \(row)")
    }
    XCTAssertFalse(
      guide.contains("regular files of at most 16 MiB"), "the one bound for every file is back")
  }

  func testTheManPageStatesEachBound() throws {
    let page = try document("Docs/danescope.1")
    for bound in bounds {
      let context = try XCTUnwrap(page.range(of: bound.manContext), bound.what)
      let after = page[context.upperBound...].prefix(60)
        .replacingOccurrences(of: "\n", with: " ")
      XCTAssertTrue(
        after.hasPrefix(" \(rounded(bound.bytes)) (\(bound.bytes) bytes"),
        "\(bound.what): \(after)")
    }
  }
}
