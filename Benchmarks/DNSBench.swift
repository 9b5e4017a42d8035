import Foundation
import ValidationCore

/// DNS codec figures: messages decoded and encoded per second (a signed answer of the size a
/// DNSKEY or TLSA lookup returns), and zone-file records parsed per second. Targets, printed
/// beside: decoding is far from the bottleneck when a check makes tens of lookups, so 50 000
/// messages/s and 100 000 records/s are plenty.
enum DNSBench {
  static func run() {
    print("DNS codecs")
    let message = sampleMessage()
    guard let wire = try? message.wireFormat() else {
      print("  could not encode the sample message")
      return
    }
    let decodeRate = rate(seconds: 1) { _ = try? DNSMessage(wire: wire) }
    let encodeRate = rate(seconds: 1) { _ = try? message.wireFormat() }
    print(
      String(format: "  decode %d-octet answer  %10.0f /s   (target 50000)", wire.count, decodeRate)
    )
    print(
      String(format: "  encode %d-octet answer  %10.0f /s   (target 50000)", wire.count, encodeRate)
    )

    let zone = ZoneFile.format(message.answers + message.authority, ldnsComments: false)
    let recordCount = Double(message.answers.count + message.authority.count)
    let zoneRate = rate(seconds: 1) { _ = try? ZoneFile.parse(text: zone) } * recordCount
    print(String(format: "  zone-file records parsed  %10.0f /s   (target 100000)", zoneRate))
  }

  /// Runs `body` repeatedly for about `seconds` and returns calls per second.
  static func rate(seconds: Double, _ body: () -> Void) -> Double {
    let start = Date()
    var calls = 0
    while Date().timeIntervalSince(start) < seconds {
      for _ in 0..<100 { body() }
      calls += 100
    }
    return Double(calls) / Date().timeIntervalSince(start)
  }

  /// An answer like a signed TLSA lookup with its authority: TLSA, RRSIGs, NS, A glue.
  static func sampleMessage() -> DNSMessage {
    let owner = try! DNSName("_25._tcp.mail.example.")
    let zone = try! DNSName("example.")
    var message = DNSMessage.makeQuery(id: 1, name: owner, type: .tlsa).makeResponse()
    let tlsa = (0..<4).map { index in
      ResourceRecord(
        name: owner, ttl: 3600,
        rdata: .tlsa(
          TLSAData(
            usage: .daneEE, selector: .subjectPublicKeyInfo, matchingType: .sha256,
            data: Array(repeating: UInt8(index), count: 32))))
    }
    let signature = ResourceRecord(
      name: owner, ttl: 3600,
      rdata: .rrsig(
        RRSIGData(
          typeCovered: .tlsa, algorithm: .ecdsaP256SHA256, labels: 4, originalTTL: 3600,
          expiration: 1_800_000_000, inception: 1_700_000_000, keyTag: 4242, signerName: zone,
          signature: Array(repeating: 7, count: 64))))
    message.answers = tlsa + [signature]
    message.authority = ["ns1", "ns2"].map {
      ResourceRecord(name: zone, ttl: 3600, rdata: .ns(try! zone.prepending($0)))
    }
    return message
  }
}
