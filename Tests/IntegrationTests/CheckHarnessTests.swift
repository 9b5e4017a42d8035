import Foundation
import XCTest

/// The check world's real peers behave as the verdict tests assume: unbound validates the test
/// zones (AD set, bogus refused), Postfix offers STARTTLS with the test certificate.
final class CheckHarnessTests: XCTestCase {
  func testUnboundValidatesTheZonesAndPostfixOffersSTARTTLS() throws {
    let world = try CheckWorld()
    defer { world.stop() }
    let secure = try world.namespace.run(
      "drill", ["-D", "-p", "53", "@127.0.0.1", "mx.verified.example.", "A"], timeout: 20)
    XCTAssertTrue(secure.stdout.contains("rcode: NOERROR"), secure.stdout + secure.stderr)
    XCTAssertTrue(secure.stdout.contains(" ad "), "no AD flag: \(secure.stdout)")
    let bogus = try world.namespace.run(
      "drill", ["-D", "-p", "53", "@127.0.0.1", "_25._tcp.mx.bogus.example.", "TLSA"], timeout: 20)
    XCTAssertTrue(bogus.stdout.contains("rcode: SERVFAIL"), bogus.stdout + bogus.stderr)
    let insecure = try world.namespace.run(
      "drill", ["-D", "-p", "53", "@127.0.0.1", "mx.plain.example.", "A"], timeout: 20)
    XCTAssertTrue(insecure.stdout.contains("rcode: NOERROR"), insecure.stdout)
    XCTAssertFalse(insecure.stdout.contains(" ad "), "AD on an unsigned zone: \(insecure.stdout)")

    let finger = try PosttlsFinger.run(
      world, destination: "[127.0.0.1]:\(world.smtpPort)", level: "may")
    XCTAssertTrue(
      finger.contains("TLS connection established to 127.0.0.1"), finger)
  }
}
