import Foundation
import ValidationCore

/// Published examples (facts, used as test data): keys, DS records and signatures from
/// RFC 4034 §5.4, RFC 4509 §2.3, RFC 5702 §6, RFC 6605 §6 and RFC 8080 §6. The RFC 8080 RRSIGs
/// are those of RFC 8080 Errata 4935 (the published text lacks the algorithm field).
enum DNSSECVectors {
  struct SignatureCase {
    let title: String
    let key: DNSKEYData
    let keyTag: UInt16
    let owner: DNSName
    let rrsig: RRSIGData
    /// The covered RRset's single record, RDATA in wire form.
    let recordType: RRType
    let rdata: [UInt8]
  }

  struct DSCase {
    let title: String
    let owner: DNSName
    let key: DNSKEYData
    let ds: DSData
  }

  static func base64(_ text: String) -> [UInt8] { Array(Data(base64Encoded: text)!) }

  static func hex(_ text: String) -> [UInt8] { try! Hex.decode(text) }

  static func name(_ text: String) -> DNSName { try! DNSName(text) }

  static func key(_ flags: UInt16, _ algorithm: UInt8, _ base64Key: String) -> DNSKEYData {
    DNSKEYData(
      flags: flags, algorithm: DNSSECAlgorithm(rawValue: algorithm), publicKey: base64(base64Key))
  }

  static func rrsig(
    _ covered: RRType, _ algorithm: UInt8, _ labels: UInt8, _ expiration: UInt32,
    _ inception: UInt32, _ tag: UInt16, _ signer: String, _ signature: String
  ) -> RRSIGData {
    RRSIGData(
      typeCovered: covered, algorithm: DNSSECAlgorithm(rawValue: algorithm), labels: labels,
      originalTTL: 3600, expiration: expiration, inception: inception, keyTag: tag,
      signerName: name(signer), signature: base64(signature))
  }

  // MARK: RFC 5702 §6 and RFC 6605 §6: www.example.net. A

  static let rsaSHA256Key = key(
    256, 8,
    "AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=")
  static let rsaSHA512Key = key(
    256, 10,
    "AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL"
  )
  static let p256Key = key(
    257, 13,
    "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==")
  static let p384Key = key(
    257, 14,
    "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40"
  )

  // MARK: RFC 8080 §6: example.com. MX 10 mail.example.com.

  static let ed25519Key1 = key(257, 15, "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=")
  static let ed25519Key2 = key(257, 15, "zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=")
  static let ed448Key1 = key(
    257, 16, "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA")

  static let mxRDATA: [UInt8] = [0, 10] + name("mail.example.com.").wireFormat

  static let signatures: [SignatureCase] = [
    SignatureCase(
      title: "RFC 5702 §6.1 RSASHA256", key: rsaSHA256Key, keyTag: 9033,
      owner: name("www.example.net."),
      rrsig: rrsig(
        .a, 8, 3, 1_893_456_000, 946_684_800, 9033, "example.net.",
        "kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg=="),
      recordType: .a, rdata: [192, 0, 2, 91]),
    SignatureCase(
      title: "RFC 5702 §6.2 RSASHA512", key: rsaSHA512Key, keyTag: 3740,
      owner: name("www.example.net."),
      rrsig: rrsig(
        .a, 10, 3, 1_893_456_000, 946_684_800, 3740, "example.net.",
        "tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw="
      ),
      recordType: .a, rdata: [192, 0, 2, 91]),
    SignatureCase(
      title: "RFC 6605 §6.1 ECDSAP256SHA256", key: p256Key, keyTag: 55648,
      owner: name("www.example.net."),
      rrsig: rrsig(
        .a, 13, 3, 1_284_026_679, 1_281_607_479, 55648, "example.net.",
        "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw=="),
      recordType: .a, rdata: [192, 0, 2, 1]),
    SignatureCase(
      title: "RFC 6605 §6.2 ECDSAP384SHA384", key: p384Key, keyTag: 10771,
      owner: name("www.example.net."),
      rrsig: rrsig(
        .a, 14, 3, 1_284_027_625, 1_281_608_425, 10771, "example.net.",
        "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm"
      ),
      recordType: .a, rdata: [192, 0, 2, 1]),
    SignatureCase(
      title: "RFC 8080 §6.1 ED25519 (1)", key: ed25519Key1, keyTag: 3613,
      owner: name("example.com."),
      rrsig: rrsig(
        .mx, 15, 2, 1_440_021_600, 1_438_207_200, 3613, "example.com.",
        "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg=="),
      recordType: .mx, rdata: mxRDATA),
    SignatureCase(
      title: "RFC 8080 §6.1 ED25519 (2)", key: ed25519Key2, keyTag: 35217,
      owner: name("example.com."),
      rrsig: rrsig(
        .mx, 15, 2, 1_440_021_600, 1_438_207_200, 35217, "example.com.",
        "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQoSm5poJ7gD7AQR0O7KuI5k2pcBg=="),
      recordType: .mx, rdata: mxRDATA),
    SignatureCase(
      title: "RFC 8080 §6.2 ED448", key: ed448Key1, keyTag: 9713,
      owner: name("example.com."),
      rrsig: rrsig(
        .mx, 16, 2, 1_440_021_600, 1_438_207_200, 9713, "example.com.",
        "3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0amxWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE581N3Aj/JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA"
      ),
      recordType: .mx, rdata: mxRDATA),
  ]

  // MARK: DS records

  static let rfc4034Key = key(
    256, 5,
    "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw=="
  )

  static func ds(_ tag: UInt16, _ algorithm: UInt8, _ digestType: UInt8, _ digest: String) -> DSData
  {
    DSData(
      keyTag: tag, algorithm: DNSSECAlgorithm(rawValue: algorithm),
      digestType: DSDigestType(rawValue: digestType), digest: hex(digest))
  }

  static let dsCases: [DSCase] = [
    DSCase(
      title: "RFC 4034 §5.4 SHA-1", owner: name("dskey.example.com."), key: rfc4034Key,
      ds: ds(60485, 5, 1, "2BB183AF5F22588179A53B0A98631FAD1A292118")),
    DSCase(
      title: "RFC 4509 §2.3 SHA-256", owner: name("dskey.example.com."), key: rfc4034Key,
      ds: ds(60485, 5, 2, "D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A")),
    DSCase(
      title: "RFC 6605 §6.1 SHA-256", owner: name("example.net."), key: p256Key,
      ds: ds(55648, 13, 2, "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17")),
    DSCase(
      title: "RFC 6605 §6.2 SHA-384", owner: name("example.net."), key: p384Key,
      ds: ds(
        10771, 14, 4,
        "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6"
      )),
    DSCase(
      title: "RFC 8080 §6.1 SHA-256 (1)", owner: name("example.com."), key: ed25519Key1,
      ds: ds(3613, 15, 2, "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b")),
    DSCase(
      title: "RFC 8080 §6.1 SHA-256 (2)", owner: name("example.com."), key: ed25519Key2,
      ds: ds(35217, 15, 2, "401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c6614c")),
    DSCase(
      title: "RFC 8080 §6.2 SHA-256", owner: name("example.com."), key: ed448Key1,
      ds: ds(9713, 16, 2, "6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2b19c7")),
  ]
}
