import ValidationCore

@testable import Console

/// A small report built by hand, for tests of keys and state: two MX hosts, a three-zone chain
/// and two findings. The stored screens use the real lab instead (LabScreenTests).
enum ReportFixture {
  static let domain = "mail.example."

  static let report = ConsoleReport(
    domain: domain, mxStatus: .secure,
    hosts: [
      ConsoleReport.Host(
        name: "mx1.mail.example.", preference: 10, addressStatus: .secure,
        addresses: [
          ConsoleReport.Address(text: "127.0.0.2", verdict: .verified, reachedDANEDecision: true)
        ],
        tlsa: ConsoleReport.TLSASet(
          name: "_25._tcp.mx1.mail.example.", status: .secure,
          records: [
            ConsoleReport.TLSARecordView(
              usage: 3, selector: 1, matchingType: 1, data: String(repeating: "ab", count: 32),
              isUsable: true, reason: "DANE-EE, SPKI, SHA2-256", matchedDepth: 0)
          ])),
      ConsoleReport.Host(
        name: "mx2.mail.example.", preference: 20, addressStatus: .secure,
        addresses: [
          ConsoleReport.Address(text: "127.0.0.3", verdict: .failed, reachedDANEDecision: true)
        ],
        tlsa: ConsoleReport.TLSASet(
          name: "_25._tcp.mx2.mail.example.", status: .secure,
          records: [
            ConsoleReport.TLSARecordView(
              usage: 1, selector: 1, matchingType: 1, data: String(repeating: "cd", count: 32),
              isUsable: false, reason: "PKIX-EE is not usable for SMTP")
          ])),
    ],
    chain: [
      ChainNode(
        id: ".", kind: .zone, title: ". (trust anchor)", status: .secure,
        children: [
          ChainNode(id: ". DNSKEY 1", kind: .dnskey, title: "DNSKEY 11111 KSK", status: .secure,
            records: [". 3600 IN DNSKEY 257 3 8 AwEAAb…"]),
          ChainNode(
            id: "example.", kind: .zone, title: "example.", status: .secure,
            children: [
              ChainNode(
                id: "example. DS 1", kind: .ds, title: "DS 22222 SHA-256", status: .secure,
                digests: [
                  ChainNode.DigestComparison(label: "SHA-256", published: "AA", computed: "aa")
                ])
            ]),
        ])
    ],
    findings: [
      Finding(FindingCode("LOOKUP_FAILED"), subject: "mx2.mail.example. TLSA",
        evidence: [Evidence("reason", "timeout")],
        consequences: [Finding(FindingCode("LOOKUP_FAILED"), subject: "consequence",
          evidence: [Evidence("reason", "SERVFAIL")])])
    ],
    isComplete: true)

  /// A state with the fixture open, at `width` × `height`.
  static func state(width: Int = 80, height: Int = 24) -> ConsoleState {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: width, height: height)
    _ = state.open(domain: domain)
    _ = state.apply(.report(report))
    return state
  }
}
