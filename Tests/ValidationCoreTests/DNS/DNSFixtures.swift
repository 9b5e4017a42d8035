@testable import ValidationCore

/// One value of every record type danescope models, for round-trip tests.
enum DNSFixtures {
  static func name(_ text: String) -> DNSName { try! DNSName(text) }

  static let everyType: [RData] = [
    .a(IPv4Address(octets: [192, 0, 2, 1])!),
    .aaaa(IPv6Address(octets: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])!),
    .ns(name("ns1.Example.com.")),
    .cname(name("target.example.net.")),
    .dname(name("Other.example.")),
    .ptr(name("host.example.")),
    .soa(
      SOAData(
        mname: name("ns1.example."), rname: name("hostmaster.example."), serial: 2_026_120_401,
        refresh: 3600, retry: 900, expire: 1_209_600, minimum: 300)),
    .mx(MXData(preference: 10, exchange: name("Mail.example."))),
    .txt([Array("v=spf1 -all".utf8), Array("quote \" and \\ and \u{7}".utf8), []]),
    .ds(DSData(keyTag: 3613, algorithm: .ed25519, digestType: .sha256, digest: Array(0..<32))),
    .cds(DSData(keyTag: 0, algorithm: .unassigned(0), digestType: .unassigned(0), digest: [0])),
    .dnskey(DNSKEYData(flags: 257, algorithm: .ed25519, publicKey: Array(100..<132))),
    .cdnskey(DNSKEYData(flags: 0, protocolField: 3, algorithm: .unassigned(0), publicKey: [0])),
    .rrsig(
      RRSIGData(
        typeCovered: .a, algorithm: .ecdsaP256SHA256, labels: 2, originalTTL: 3600,
        expiration: 1_767_225_600, inception: 1_764_547_200, keyTag: 12345,
        signerName: name("Example."), signature: Array(0..<64))),
    .nsec(
      NSECData(
        nextDomain: name("B.example."),
        types: TypeBitMap([.a, .mx, .rrsig, .nsec, .unassigned(1234)]))),
    .nsec3(
      NSEC3Data(
        hashAlgorithm: 1, flags: 1, iterations: 0, salt: [], nextHashedOwner: Array(0..<20),
        types: TypeBitMap([.a, .rrsig]))),
    .nsec3(
      NSEC3Data(
        hashAlgorithm: 1, flags: 0, iterations: 12, salt: [0xaa, 0xbb, 0xcc, 0xdd],
        nextHashedOwner: Array(0..<20), types: TypeBitMap([]))),
    .nsec3param(NSEC3PARAMData(hashAlgorithm: 1, flags: 0, iterations: 5, salt: [0xab])),
    .tlsa(
      TLSAData(
        usage: .daneEE, selector: .subjectPublicKeyInfo, matchingType: .sha256, data: Array(0..<32))
    ),
    .opt([EDNSOption(code: 15, data: [0, 6, 65]), EDNSOption(code: 10, data: [])]),
    .unknown(type: 4000, data: [1, 2, 3]),
    // Kept as RFC 3597 data, with a layout for presentation and canonical form.
    try! RData(type: RRType(mnemonic: "SRV")!, text: "1 2 25 Mail.example."),
    try! RData(type: RRType(mnemonic: "CAA")!, text: #"0 issue "ca.example.net; account=1""#),
    try! RData(type: RRType(mnemonic: "MINFO")!, text: "Rmail.example. email.example."),
    try! RData(type: RRType(mnemonic: "SSHFP")!, text: "1 1 abcdef0123"),
    try! RData(
      type: RRType(mnemonic: "NAPTR")!, text: #"100 10 "S" "SIP+D2U" "" _sip._udp.example."#),
    .unknown(type: 65000, data: []),
  ]
}
