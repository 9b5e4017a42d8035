import Foundation
import ValidationCore
import XCTest

@testable import Lab

/// The lab's certificate keys come from the per-user cache, so two starts publish the same
/// SubjectPublicKeyInfo TLSA data for a host, while certificates themselves are issued afresh.
final class LabCertificateKeyTests: XCTestCase {
  func testTwoStartsPublishTheSameSPKIRecordsAndServeMatchingCertificates() throws {
    let (first, second) = try twoStarts()

    let host = try DNSName("mx1.ee-valid.example.")
    // selector-confusion publishes a certificate hash under selector 1: left out here.
    let confused = try DNSName("mx1.selector-confusion.example.")
    let firstRecords = tlsaRecords(first, selector: .subjectPublicKeyInfo)
      .filter { $0.key != confused }
    let secondRecords = tlsaRecords(second, selector: .subjectPublicKeyInfo)
      .filter { $0.key != confused }
    XCTAssertFalse(firstRecords[host, default: []].isEmpty)
    XCTAssertEqual(firstRecords, secondRecords)
    XCTAssertEqual(
      first.host(named: host)?.chain.first?.facts.spkiDER,
      second.host(named: host)?.chain.first?.facts.spkiDER)
    XCTAssertEqual(first.authority.facts.spkiDER, second.authority.facts.spkiDER)

    // Certificates are re-issued (new validity, new signature), so a full-certificate record
    // must follow the certificate of this start: pkix-only's 0 0 1 names this start's lab CA.
    let leafDER = second.host(named: host)?.chain.first?.facts.der ?? []
    XCTAssertNotEqual(first.host(named: host)?.chain.first?.facts.der, leafDER)
    let pkixHost = try DNSName("mx1.pkix-only.example.")
    let fullRecords = tlsaRecords(second, selector: .fullCertificate)[pkixHost, default: []]
    XCTAssertEqual(
      fullRecords.map(\.data),
      [second.authority.tlsa(.pkixTA, .fullCertificate, .sha256).data])
  }

  /// selector-confusion's `3 1 1` holds a hash of the whole certificate, issued afresh at each
  /// start: its data changes, and Docs/Lab.md says so where it says SPKI data stays the same.
  func testSelectorConfusionsRecordChangesBetweenStartsAsLabDocumentSays() throws {
    let (first, second) = try twoStarts()
    let confused = try DNSName("mx1.selector-confusion.example.")
    let firstData = tlsaRecords(first, selector: .subjectPublicKeyInfo)[confused, default: []]
    XCTAssertEqual(firstData.count, 1)
    XCTAssertNotEqual(
      firstData, tlsaRecords(second, selector: .subjectPublicKeyInfo)[confused, default: []])

    let docs = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Lab.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(
      text.contains(
        "so is the `3 1 1` record of `selector-confusion`, whose data is the hash of the whole"
          + " certificate"), "Docs/Lab.md does not say selector-confusion's 3 1 1 data changes")
  }

  /// Two lab builds a day apart sharing one fresh key cache (removed again afterwards).
  private func twoStarts() throws -> (LabBuild, LabBuild) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-certkeys-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: folder) }
    let cache = LabKeyCache(folder: folder)
    let first = try Lab.build(
      clock: FixedClock(Date(timeIntervalSince1970: 1_800_000_000)), keys: cache)
    let second = try Lab.build(
      clock: FixedClock(Date(timeIntervalSince1970: 1_800_086_400)), keys: cache)
    return (first, second)
  }

  /// TLSA records with `selector`, by the MX host they belong to (`_25._tcp.` stripped).
  private func tlsaRecords(_ build: LabBuild, selector: TLSASelector) -> [DNSName: [TLSAData]] {
    var result: [DNSName: [TLSAData]] = [:]
    for zone in build.zones {
      for record in zone.records {
        guard case .tlsa(let data) = record.rdata, data.selector == selector,
          let host = try? DNSName(
            String(record.name.description.dropFirst("_25._tcp.".count)))
        else { continue }
        result[host, default: []].append(data)
      }
    }
    return result
  }
}
