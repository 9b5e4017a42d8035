import Foundation
import XCTest

/// `trace` marks a served certificate outside its validity window, as `check`'s console does:
/// `expired` for one whose notAfter has passed, `not yet valid` for one whose notBefore is to
/// come, judged as of the time the trace runs (with no `--at`; TraceAtTimeTests has it). The
/// certificates are made by `openssl ca` with fixed dates, years from now either way; one inside
/// its window is not marked.
final class TraceCertificateWindowMarkTests: XCTestCase {
  private func validLine(_ certificate: TestCertificate) throws -> String {
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let run = try DanescopeBinary.run(["trace", "127.0.0.1:\(peer.port)", "--timeout", "5"])
    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    return run.stdout.split(separator: "\n").map(String.init)
      .first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("valid ") } ?? ""
  }

  func testTraceMarksExpiredAndNotYetValidCertificates() throws {
    let folder = try TemporaryDirectory("danescope-trace-window")
    let expired = try TestCertificates.selfSigned(
      name: "mx.test", notBefore: "20200101000000Z", notAfter: "20200201000000Z", in: folder,
      label: "expired")
    let line = try validLine(expired)
    XCTAssertTrue(
      line.contains("valid 2020-01-01T00:00:00Z to 2020-02-01T00:00:00Z, expired as of 20"), line)

    let early = try TestCertificates.selfSigned(
      name: "mx.test", notBefore: "20900101000000Z", notAfter: "20910101000000Z", in: folder,
      label: "early")
    let earlyLine = try validLine(early)
    XCTAssertTrue(
      earlyLine.contains("valid 2090-01-01T00:00:00Z to 2091-01-01T00:00:00Z, not yet valid as of "),
      earlyLine)

    let current = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let currentLine = try validLine(current)
    XCTAssertTrue(currentLine.contains("valid "), currentLine)
    XCTAssertFalse(
      currentLine.contains("expired") || currentLine.contains("not yet valid"), currentLine)
  }
}
