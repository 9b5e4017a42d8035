import XCTest

@testable import ValidationCore

final class RDataWireTests: XCTestCase {
  func testEveryTypeRoundTripsThroughWire() throws {
    for rdata in DNSFixtures.everyType {
      let wire = rdata.wireFormat(canonical: false)
      XCTAssertEqual(try RData(type: rdata.type, wire: wire), rdata, "\(rdata.type)")
    }
  }

  /// Known octets for a few types, written out by hand from the RFC layouts.
  func testKnownLayouts() throws {
    let mx = RData.mx(MXData(preference: 10, exchange: try DNSName("a.b.")))
    XCTAssertEqual(mx.wireFormat(canonical: false), [0, 10, 1, 97, 1, 98, 0])
    // RFC 4034 §4.3: A MX RRSIG NSEC TYPE1234 gives window 0 (6 octets) and window 4 (27 octets).
    let bitmap = TypeBitMap([.a, .mx, .rrsig, .nsec, .unassigned(1234)]).wireFormat
    XCTAssertEqual(Array(bitmap[0..<8]), [0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03])
    XCTAssertEqual(Array(bitmap[8..<10]), [0x04, 0x1b])
    XCTAssertEqual(bitmap.count, 8 + 2 + 27)
    XCTAssertEqual(bitmap.last, 0x20)
  }

  /// Every proper prefix of a fixed-layout RDATA is "too short"; one extra octet is "too long"
  /// (for the types whose last field does not take the rest).
  func testShortAndLongRDATA() throws {
    for rdata in DNSFixtures.everyType {
      let wire = rdata.wireFormat(canonical: false)
      for cut in 0..<wire.count {
        let prefix = Array(wire[0..<cut])
        do {
          let decoded = try RData(type: rdata.type, wire: prefix)
          // Types whose data runs to the end accept a shorter tail; it must differ.
          XCTAssertNotEqual(decoded, rdata, "\(rdata.type) prefix \(cut)")
        } catch {
          switch error.kind {
          case .rdataTooShort, .invalidField: break
          default: XCTFail("\(rdata.type) prefix \(cut): \(error)")
          }
        }
      }
      switch rdata.type {
      case .a, .aaaa, .ns, .cname, .dname, .ptr, .soa, .mx, .nsec3param:
        XCTAssertThrowsError(try RData(type: rdata.type, wire: wire + [0])) { error in
          XCTAssertEqual(
            (error as? DNSWireError)?.kind,
            .rdataTooLong(type: rdata.type, declared: wire.count + 1, used: wire.count))
        }
      default: break
      }
    }
  }

  func testMalformedFields() {
    func kind(_ type: RRType, _ wire: [UInt8]) -> DNSWireError.Kind? {
      do {
        _ = try RData(type: type, wire: wire)
        return nil
      } catch { return error.kind }
    }
    XCTAssertEqual(kind(.a, [1, 2, 3]), .rdataTooShort(type: .a, field: "IPv4 address"))
    XCTAssertEqual(kind(.txt, []), .invalidField(field: "TXT RDATA", reason: "no character-string"))
    // Windows out of order, a zero-length bitmap, a trailing zero octet.
    XCTAssertEqual(
      kind(.nsec, [0, 0, 1, 0x40, 0, 1, 0x40]),
      .invalidField(field: "type bit map", reason: "window 0 follows window 0"))
    XCTAssertEqual(
      kind(.nsec, [0, 0, 0]),
      .invalidField(field: "type bit map", reason: "bitmap length 0 (1 to 32)"))
    XCTAssertEqual(
      kind(.nsec, [0, 0, 2, 0x40, 0]),
      .invalidField(field: "type bit map", reason: "trailing zero octet in window 0"))
    // The RRSIG signer and NSEC next name must not be compressed.
    XCTAssertEqual(kind(.nsec, [0xC0, 0]), .compressionNotAllowed(field: "NSEC next domain name"))
  }

  /// RFC 6840 §5.1: RRSIG signer lowercased, NSEC next name kept; MX and SOA names lowercased;
  /// nothing else changes.
  func testCanonicalFormLowercasesTheRightNames() throws {
    for rdata in DNSFixtures.everyType {
      let plain = rdata.wireFormat(canonical: false)
      let canonical = rdata.wireFormat(canonical: true)
      switch rdata {
      case .ns, .mx, .dname, .rrsig:
        XCTAssertNotEqual(plain, canonical, "\(rdata.type)")
        // Only case changed: names compare case-insensitively, so the values are equal.
        XCTAssertEqual(try RData(type: rdata.type, wire: canonical), rdata)
      case .unknown(let type, _) where type == 33 || type == 14:
        // SRV and MINFO fixtures: the only letters are in their names.
        XCTAssertNotEqual(plain, canonical, "\(rdata.type)")
        XCTAssertEqual(canonical, plain.map { (65...90).contains($0) ? $0 | 0x20 : $0 })
      default:
        XCTAssertEqual(plain, canonical, "\(rdata.type)")
      }
    }
    let nsec = RData.nsec(NSECData(nextDomain: try DNSName("B.example."), types: TypeBitMap([.a])))
    XCTAssertEqual(nsec.wireFormat(canonical: true)[1], UInt8(ascii: "B"))
    let mx = RData.mx(MXData(preference: 1, exchange: try DNSName("MX.Example.")))
    XCTAssertEqual(
      mx.wireFormat(canonical: true),
      [0, 1, 2] + Array("mx".utf8) + [7] + Array("example".utf8) + [0])
  }

  /// SIG, NXT and A6 hold one name each (RFC 4034 §6.2): it is lowercased, and only it; data
  /// that does not hold a well-formed name where the type puts one is left as it is.
  func testCanonicalFormLowercasesTheNameOfTheObsoleteTypes() {
    let name: [UInt8] = [1, UInt8(ascii: "A"), 2, UInt8(ascii: "B"), UInt8(ascii: "c"), 0]
    let lowered: [UInt8] = [1, UInt8(ascii: "a"), 2, UInt8(ascii: "b"), UInt8(ascii: "c"), 0]
    // Fixed fields holding the bytes of "A" (0x41), which must not change.
    let sigFixed: [UInt8] =
      [0, 1, 13, 2] + [0x41, 0x41, 0x41, 0x41] + Array(repeating: 0x41, count: 10)
    let sig = RData.unknown(type: 24, data: sigFixed + name + [0x41, 0x42])
    XCTAssertEqual(sig.wireFormat(canonical: true), sigFixed + lowered + [0x41, 0x42])
    let nxt = RData.unknown(type: 30, data: name + [0x40, 0, 0, 2])
    XCTAssertEqual(nxt.wireFormat(canonical: true), lowered + [0x40, 0, 0, 2])
    // A6 with prefix length 64: eight octets of address suffix, then the prefix name.
    let suffix: [UInt8] = [0x41, 0x42, 0, 0, 0, 0, 0, 0x5A]
    XCTAssertEqual(
      RData.unknown(type: 38, data: [64] + suffix + name).wireFormat(canonical: true),
      [64] + suffix + lowered)
    // Prefix length 0: a whole address and no name.
    let whole = RData.unknown(type: 38, data: [0] + Array(repeating: 0x41, count: 16))
    XCTAssertEqual(whole.wireFormat(canonical: true), whole.wireFormat(canonical: false))
    // A compression pointer, or a name running past the end: not a name, kept as is.
    let pointer = RData.unknown(type: 30, data: [0xC0, 0x0C, 0x41])
    XCTAssertEqual(pointer.wireFormat(canonical: true), [0xC0, 0x0C, 0x41])
    let cut = RData.unknown(type: 30, data: [5, 0x41, 0x42])
    XCTAssertEqual(cut.wireFormat(canonical: true), [5, 0x41, 0x42])
  }
}
