import Foundation
import ValidationCore
import XCTest

@testable import Lab

final class LabKeyTests: XCTestCase {
  /// RFC 4034 §5.4: the DNSKEY of dskey.example.com. has key tag 60485 and this SHA-1 DS.
  func testKeyTagAndDSMatchTheRFC4034Example() throws {
    let publicKey = Data(
      base64Encoded: "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZ"
        + "DRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DM"
        + "BmADjFDc2w/rljwvFw==")!
    let key = DNSKEYData(flags: 256, algorithm: .rsaSHA1, publicKey: Array(publicKey))
    XCTAssertEqual(key.keyTag, 60485)
    let ds = try LabDNSSECMath.ds(
      for: key, owner: try DNSName("dskey.example.com."), digestType: .sha1)
    XCTAssertEqual(Hex.encodeUppercase(ds.digest), "2BB183AF5F22588179A53B0A98631FAD1A292118")
  }

  /// RFC 6605 §4, RFC 8080 §3, RFC 3110 §2: public key field and signature sizes per algorithm.
  func testPublicKeyAndSignatureSizes() throws {
    let cases: [(DNSSECAlgorithm, Int, Int)] = [
      (.ecdsaP256SHA256, 64, 64), (.ecdsaP384SHA384, 96, 96), (.ed25519, 32, 64), (.ed448, 57, 114),
      (.rsaSHA256, 1 + 3 + 256, 256),  // length octet, 65537, modulus
    ]
    for (algorithm, keyLength, signatureLength) in cases {
      let key = try LabKey.generate(algorithm, flags: 256)
      XCTAssertEqual(try key.dnskey.publicKey.count, keyLength, "\(algorithm)")
      XCTAssertEqual(try key.sign(Array("lab".utf8)).count, signatureLength, "\(algorithm)")
    }
  }

  func testCachedKeyIsReusedAndPrivate() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-keycache-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: folder) }
    let cache = LabKeyCache(folder: folder)
    let first = try cache.key("zone-csk", .ecdsaP256SHA256, flags: 257)
    let second = try cache.key("zone-csk", .ecdsaP256SHA256, flags: 257)
    XCTAssertEqual(try first.dnskey, try second.dnskey)
    let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
    XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o700)
    let file = folder.appendingPathComponent("zone-csk-alg13.pem")
    let fileAttributes = try FileManager.default.attributesOfItem(atPath: file.path)
    XCTAssertEqual(fileAttributes[.posixPermissions] as? Int, 0o600)
  }

  /// A cached key is read by the bounded reader (InputFile): a FIFO or an oversized file in its
  /// place is not read (a FIFO would wait forever), and a fresh key replaces it.
  func testACacheEntryThatIsAFIFOOrTooLargeIsReplaced() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-keycache-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let fifo = folder.appendingPathComponent("fifo-alg13.pem").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let huge = folder.appendingPathComponent("huge-alg13.pem").path
    // Private, as the cache's own files are: one others may read is refused (LabKeyCacheSafety).
    XCTAssertTrue(
      FileManager.default.createFile(
        atPath: huge, contents: nil, attributes: [.posixPermissions: 0o600]))
    XCTAssertEqual(truncate(huge, off_t(InputFile.maximumSize + 1)), 0)
    let cache = LabKeyCache(folder: folder)
    for (slot, path) in [("fifo", fifo), ("huge", huge)] {
      let made = try cache.key(slot, .ecdsaP256SHA256, flags: 257)
      var facts = stat()
      XCTAssertEqual(stat(path, &facts), 0, slot)
      XCTAssertEqual(facts.st_mode & S_IFMT, S_IFREG, slot)
      XCTAssertLessThan(Int(facts.st_size), InputFile.maximumSize, slot)
      XCTAssertEqual(try cache.key(slot, .ecdsaP256SHA256, flags: 257).dnskey, try made.dnskey, slot)
    }
  }

  func testCachedKeyOfAnotherTypeIsRefused() throws {
    let pem = try LabKey.generate(.ed25519, flags: 256).pem()
    XCTAssertThrowsError(try LabKey.load(pem: pem, algorithm: .ecdsaP256SHA256, flags: 256))
  }

  func testExpiredWindowEndsBeforeNow() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let expired = ZoneSigner.Window.around(now, days: -2)
    XCTAssertLessThan(expired.expiration, 1_800_000_000)
    XCTAssertLessThan(expired.inception, expired.expiration)
    let current = ZoneSigner.Window.around(now)
    XCTAssertLessThan(current.inception, 1_800_000_000)
    XCTAssertGreaterThan(current.expiration, 1_800_000_000)
  }

  func testListenAddressMustBeLoopback() throws {
    XCTAssertEqual(
      try LabListenAddress(parsing: "127.0.0.9@5400", defaultPort: 53),
      LabListenAddress(address: "127.0.0.9", port: 5400))
    XCTAssertEqual(try LabListenAddress(parsing: "::1", defaultPort: 5353).port, 5353)
    XCTAssertThrowsError(try LabListenAddress(parsing: "192.0.2.1@5353", defaultPort: 53)) {
      XCTAssertEqual($0 as? LabError, .notLoopback("192.0.2.1"))
    }
    XCTAssertThrowsError(try LabListenAddress(parsing: "127.0.0.1@0", defaultPort: 53))
  }
}

final class LabKeyRoundTripTests: XCTestCase {
  /// Every algorithm's key survives the PEM cache: same DNSKEY after loading.
  func testEveryAlgorithmRoundTripsThroughPEM() throws {
    for algorithm in [
      DNSSECAlgorithm.rsaSHA256, .rsaSHA512, .ecdsaP256SHA256, .ecdsaP384SHA384,
      .ed25519, .ed448,
    ] {
      let key = try LabKey.generate(algorithm, flags: 257)
      let loaded = try LabKey.load(pem: try key.pem(), algorithm: algorithm, flags: 257)
      XCTAssertEqual(try loaded.dnskey, try key.dnskey, "\(algorithm)")
    }
  }
}
