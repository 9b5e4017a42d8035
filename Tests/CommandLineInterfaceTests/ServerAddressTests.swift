import XCTest

@testable import CommandLineInterface
@testable import ValidationCore

/// `HOST[:PORT]` as `trace` and `tlsa --from` read it.
final class ServerAddressTests: XCTestCase {
  func testAddressesNamesAndPorts() throws {
    XCTAssertEqual(
      try ServerAddress("127.0.0.1", defaultPort: 25, argument: 2).host, .address("127.0.0.1"))
    XCTAssertEqual(try ServerAddress("127.0.0.1:2525", defaultPort: 25, argument: 2).port, 2525)
    XCTAssertEqual(try ServerAddress("127.0.0.1", defaultPort: 587, argument: 2).port, 587)
    let bracketed = try ServerAddress("[::1]:2525", defaultPort: 25, argument: 2)
    XCTAssertEqual(bracketed.host, .address("::1"))
    XCTAssertEqual(bracketed.port, 2525)
    let bare = try ServerAddress("::1", defaultPort: 25, argument: 2)
    XCTAssertEqual(bare.host, .address("::1"))
    XCTAssertEqual(bare.port, 25)
    let named = try ServerAddress("mx.example.com:26", defaultPort: 25, argument: 2)
    XCTAssertEqual(named.host, .name(try DNSName("mx.example.com.")))
    XCTAssertEqual(named.port, 26)
    XCTAssertEqual(try bracketed.addresses().get(), ["::1"])
  }

  func testErrorsSayWhatAndWhere() {
    for (text, message) in [
      ("127.0.0.1:0", "'0' in '127.0.0.1:0' is not a port number (1-65535) (argument 2)"),
      ("[::1", "'[::1': missing ']' after the IPv6 address (argument 2)"),
      ("[::1]x", "'[::1]x': expected ':PORT' after ']' (argument 2)"),
      (
        "bad host!",
        "'bad host!' is neither an IP address nor a host name: label 1 has a space (argument 2)"
      ),
      ("mx.test:smtp", "'smtp' in 'mx.test:smtp' is not a port number (1-65535) (argument 2)"),
    ] {
      XCTAssertThrowsError(try ServerAddress(text, defaultPort: 25, argument: 2), text) { error in
        XCTAssertEqual((error as? UsageError)?.description, "danescope: " + message)
      }
    }
  }

  /// inet_aton's other spellings of an IPv4 address (what getaddrinfo resolves as numbers) are
  /// not host names: taken as one, `127.1` would become the TLSA name `_25._tcp.127.1.` and the
  /// SNI `127.1`. Each is refused with the dotted quad it stands for.
  func testLegacyIPv4FormsAreRefusedWithTheDottedQuad() {
    for (text, quad) in [
      ("127.1", "127.0.0.1"), ("127.1:2525", "127.0.0.1"), ("2130706433", "127.0.0.1"),
      ("0x7f000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.0.1", "127.0.0.1"),
      ("10.258", "10.0.1.2"),
    ] {
      XCTAssertThrowsError(try ServerAddress(text, defaultPort: 25, argument: 2), text) { error in
        let message = (error as? UsageError)?.description ?? ""
        XCTAssertTrue(message.contains("IPv4 address \(quad)"), message)
        XCTAssertTrue(message.hasSuffix("(dotted quad): \(quad) (argument 2)"), message)
      }
    }
    // The dotted quad itself, and names that only look numeric in part, stay what they were.
    XCTAssertEqual(
      try ServerAddress("127.0.0.1:2525", defaultPort: 25, argument: 2).host, .address("127.0.0.1"))
    XCTAssertEqual(
      try ServerAddress("1x.example", defaultPort: 25, argument: 2).host,
      .name(try DNSName("1x.example.")))
  }

  /// A short form of an address that is never a destination (`0`, `0x0` for 0.0.0.0) is refused
  /// as that, not with advice to type the dotted quad, which would be refused in turn.
  func testLegacyFormsOfANonDestinationAreRefusedAsSuch() {
    for (text, quad, range) in [
      ("0", "0.0.0.0", "0.0.0.0/8"), ("0x0", "0.0.0.0", "0.0.0.0/8"),
      ("0:2525", "0.0.0.0", "0.0.0.0/8"), ("0.0", "0.0.0.0", "0.0.0.0/8"),
      ("0xffffffff", "255.255.255.255", "255.255.255.255, limited broadcast"),
      ("224.1", "224.0.0.1", "224.0.0.0/4, multicast"),
    ] {
      XCTAssertThrowsError(try ServerAddress(text, defaultPort: 25, argument: 2), text) { error in
        let message = (error as? UsageError)?.description ?? ""
        XCTAssertTrue(
          message.contains("form of \(quad), which is never a destination (\(range)"), message)
        XCTAssertTrue(message.hasSuffix("danescope does not connect to it (argument 2)"), message)
        XCTAssertFalse(message.contains("dotted quad"), message)
      }
    }
  }

  /// A host name is a host name: no raw UTF-8 label, no wildcard, no control character.
  func testHostNamesFollowTheMailDomainRules() {
    for (text, reason) in [
      ("b\u{FC}cher.example", "label 1 has the non-ASCII '\u{FC}': give the name in its xn--"),
      ("*.example", "label 1 has a wildcard '*'"),
      ("mx\u{1B}.example", "label 1 has the control character \\027"),
    ] {
      XCTAssertThrowsError(try ServerAddress(text, defaultPort: 25, argument: 2), text) { error in
        let message = (error as? UsageError)?.description ?? ""
        XCTAssertTrue(
          message.contains("is neither an IP address nor a host name: " + reason), message)
      }
    }
  }
}
