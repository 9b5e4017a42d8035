import XCTest

@testable import ValidationCore

/// The published examples verify through OpenSSL, and a one-bit change anywhere does not.
final class DNSSECCryptoTests: XCTestCase {
  /// The RFC 4034 §3.1.8.1 signing input for a one-record RRset, built here by hand (RRSIG
  /// RDATA without the signature, then the record with the original TTL) so the crypto tests do
  /// not depend on the codec under test elsewhere.
  static func signingInput(_ vector: DNSSECVectors.SignatureCase) -> [UInt8] {
    let sig = vector.rrsig
    var out: [UInt8] = []
    func put16(_ value: UInt16) { out += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    func put32(_ value: UInt32) { out += (0..<4).map { UInt8((value >> (24 - 8 * $0)) & 0xFF) } }
    put16(sig.typeCovered.rawValue)
    out += [sig.algorithm.rawValue, sig.labels]
    put32(sig.originalTTL)
    put32(sig.expiration)
    put32(sig.inception)
    put16(sig.keyTag)
    out += sig.signerName.lowercased.wireFormat
    out += vector.owner.lowercased.wireFormat
    put16(vector.recordType.rawValue)
    put16(1)
    put32(sig.originalTTL)
    put16(UInt16(vector.rdata.count))
    out += vector.rdata
    return out
  }

  static func flipping(_ bytes: [UInt8], bit: Int) -> [UInt8] {
    var copy = bytes
    copy[bit / 8] ^= UInt8(1 << (bit % 8))
    return copy
  }

  func testPublishedSignaturesVerify() {
    for vector in DNSSECVectors.signatures {
      let verdict = SignatureVerifier.verify(
        signature: vector.rrsig.signature, over: Self.signingInput(vector), with: vector.key)
      XCTAssertEqual(verdict, .valid, vector.title)
    }
  }

  func testOneBitChangeInDataSignatureOrKeyFails() {
    for vector in DNSSECVectors.signatures {
      let data = Self.signingInput(vector)
      let signature = vector.rrsig.signature
      // Flip a bit in the last octet of the record data (the address or the exchange).
      let badData = Self.flipping(data, bit: (data.count - 2) * 8)
      XCTAssertFalse(
        SignatureVerifier.verify(signature: signature, over: badData, with: vector.key).isValid,
        "\(vector.title): changed data")
      let badSignature = Self.flipping(signature, bit: signature.count * 4)
      XCTAssertFalse(
        SignatureVerifier.verify(signature: badSignature, over: data, with: vector.key).isValid,
        "\(vector.title): changed signature")
      var badKey = vector.key
      badKey.publicKey = Self.flipping(badKey.publicKey, bit: badKey.publicKey.count * 8 - 9)
      XCTAssertFalse(
        SignatureVerifier.verify(signature: signature, over: data, with: badKey).isValid,
        "\(vector.title): changed key")
    }
  }

  func testPublishedDSDigestsMatch() throws {
    for vector in DNSSECVectors.dsCases {
      let computed = try DSDigest.compute(
        owner: vector.owner, key: vector.key, type: vector.ds.digestType)
      XCTAssertEqual(computed, vector.ds.digest, vector.title)
      let match = DSDigest.match(
        vector.ds, owner: vector.owner, key: vector.key, keyTag: vector.ds.keyTag)
      XCTAssertEqual(match, .matches(computed: vector.ds.digest), vector.title)
    }
  }

  func testOneBitChangeInDSOrKeyIsADigestMismatch() {
    for vector in DNSSECVectors.dsCases {
      var ds = vector.ds
      ds.digest = Self.flipping(ds.digest, bit: 0)
      guard
        case .digestMismatch(let computed) = DSDigest.match(
          ds, owner: vector.owner, key: vector.key, keyTag: ds.keyTag)
      else { return XCTFail("\(vector.title): changed digest still matches") }
      XCTAssertEqual(computed, vector.ds.digest, vector.title)
      var key = vector.key
      key.publicKey = Self.flipping(key.publicKey, bit: 3)
      XCTAssertNotEqual(
        DSDigest.match(vector.ds, owner: vector.owner, key: key, keyTag: vector.ds.keyTag),
        .matches(computed: vector.ds.digest), vector.title)
    }
  }

  func testOwnerNameCaseDoesNotChangeTheDigest() throws {
    let vector = DNSSECVectors.dsCases[0]
    let upper = try DNSName("DSKEY.Example.COM.")
    XCTAssertEqual(
      try DSDigest.compute(owner: upper, key: vector.key, type: .sha1), vector.ds.digest)
  }

  func testDSForAnotherKeyTagIsNotCompared() {
    let vector = DNSSECVectors.dsCases[2]
    XCTAssertEqual(
      DSDigest.match(vector.ds, owner: vector.owner, key: vector.key, keyTag: 1), .otherKey)
  }

  func testUnsupportedAlgorithmsAndDigestsAreReportedAsSuch() {
    let gost = DNSKEYData(flags: 257, algorithm: .eccGOST, publicKey: [1, 2, 3])
    XCTAssertEqual(
      SignatureVerifier.verify(signature: [1], over: [2], with: gost),
      .unsupportedAlgorithm(.eccGOST))
    let dsa = DNSKEYData(flags: 257, algorithm: .dsa, publicKey: [1, 2, 3])
    XCTAssertEqual(
      SignatureVerifier.verify(signature: [1], over: [2], with: dsa), .unsupportedAlgorithm(.dsa))
    let vector = DNSSECVectors.dsCases[2]
    var ds = vector.ds
    ds.digestType = .gostR341194
    XCTAssertEqual(
      DSDigest.match(ds, owner: vector.owner, key: vector.key, keyTag: ds.keyTag),
      .unsupportedDigest(.gostR341194))
    XCTAssertFalse(DNSSECAlgorithm.rsaMD5.isSupportedByEngine)
    XCTAssertEqual(DNSSECAlgorithm.rsaSHA1.signingRecommendation, .deprecated)
    XCTAssertEqual(DSDigestType.sha1.delegationRecommendation, .prohibited)
  }

  func testKeySizes() throws {
    XCTAssertEqual(try DNSKEYPublicKey(DNSSECVectors.rsaSHA256Key).bits, 512)
    XCTAssertEqual(try DNSKEYPublicKey(DNSSECVectors.rsaSHA512Key).bits, 1024)
    XCTAssertEqual(try DNSKEYPublicKey(DNSSECVectors.p256Key).bits, 256)
    XCTAssertEqual(try DNSKEYPublicKey(DNSSECVectors.p384Key).bits, 384)
    XCTAssertEqual(try DNSKEYPublicKey(DNSSECVectors.ed25519Key1).bits, 256)
    XCTAssertEqual(try DNSKEYPublicKey(DNSSECVectors.ed448Key1).bits, 456)
  }

  func testMalformedKeysAreRejectedWithAReason() {
    func reason(_ key: DNSKEYData) -> String? {
      do {
        _ = try DNSKEYPublicKey(key)
        return nil
      } catch {
        return error.description
      }
    }
    // RFC 3110: an exponent length running past the end leaves no modulus.
    XCTAssertNotNil(reason(DNSKEYData(flags: 256, algorithm: .rsaSHA256, publicKey: [9, 1, 0, 1])))
    XCTAssertNotNil(reason(DNSKEYData(flags: 256, algorithm: .rsaSHA256, publicKey: [])))
    // ECDSA: the wrong length, and a point that is not on the curve.
    XCTAssertNotNil(reason(DNSKEYData(flags: 256, algorithm: .ecdsaP256SHA256, publicKey: [1, 2])))
    XCTAssertNotNil(
      reason(
        DNSKEYData(
          flags: 256, algorithm: .ecdsaP256SHA256, publicKey: .init(repeating: 7, count: 64))))
    XCTAssertNotNil(reason(DNSKEYData(flags: 256, algorithm: .ed25519, publicKey: [1, 2, 3])))
  }

  func testRFC3110LongExponentLengthForm() throws {
    // 0x00 then a two-octet length: the same key as the one-octet form.
    let short = DNSSECVectors.rsaSHA256Key.publicKey
    let exponentLength = Int(short[0])
    let long = [0, 0, UInt8(exponentLength)] + short.dropFirst()
    let (exponent, modulus) = try DNSKEYPublicKey.splitRSA(long, algorithm: .rsaSHA256)
    XCTAssertEqual(Array(exponent), Array(short[1...exponentLength]))
    XCTAssertEqual(modulus.count, 64)
  }
}
