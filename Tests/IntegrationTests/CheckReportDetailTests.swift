import Foundation
import XCTest

/// What `check` says beside its verdicts, in the text report and the JSON, on zones signed by
/// ldns-signzone and dnssec-signzone (CheckReportDetailWorld). The statuses expected come from
/// delv asking the same unbound; the verdicts from RFC 7672.
final class CheckReportDetailTests: XCTestCase {
  nonisolated(unsafe) static var world: Result<CheckReportDetailWorld, Error>?

  override class func setUp() {
    super.setUp()
    world = Result { try CheckReportDetailWorld() }
  }

  override class func tearDown() {
    if case .success(let world)? = world { world.stop() }
    world = nil
    super.tearDown()
  }

  private func made() throws -> CheckReportDetailWorld {
    try XCTUnwrap(Self.world).get()
  }

  private func evidence(_ finding: [String: Any], _ label: String) -> String? {
    let items = finding["evidence"] as? [[String: Any]] ?? []
    return items.first { $0["label"] as? String == label }?["value"] as? String
  }

  /// RFC 4035 §5.3.1: the TLSA set at `_25._tcp.mx.expired.tld.` has only an expired RRSIG, so
  /// it is bogus (delv says so), and the TLSA lookup at `_25._tcp.mx17.good.tld.`, a CNAME to
  /// it, is bogus through it. The expired signature is the root cause in both reports, with
  /// TLSA_BOGUS for the owner the check looked up nested under it (D-report-3).
  func testATLSAAliasToAnExpiredSignatureListsTheExpiredSignatureAsItsCause() throws {
    let world = try made()
    let target = "_25._tcp.mx.expired.tld."
    let delv = try world.delv(target, "TLSA")
    XCTAssertFalse(delv.contains("fully validated"), delv)
    let failures = try world.unboundFailures(target, "TLSA")
    XCTAssertTrue(failures.contains { $0.contains("signature expired") }, "\(failures)")

    let direct = try world.check("expired.tld.")
    let directCause = try XCTUnwrap(direct.cause(of: "TLSA_BOGUS"), direct.text)
    XCTAssertEqual(directCause["code"] as? String, "RRSIG_EXPIRED", direct.text)

    let alias = try world.check("cnbog.good.tld.")
    XCTAssertEqual(alias.status, 1, alias.text)
    let cause = try XCTUnwrap(alias.cause(of: "TLSA_BOGUS"), alias.text)
    XCTAssertEqual(cause["code"] as? String, "RRSIG_EXPIRED", alias.text)
    XCTAssertEqual(cause["subject"] as? String, "\(target) TLSA", alias.text)
    let under = cause["consequences"] as? [[String: Any]] ?? []
    XCTAssertEqual(under.first?["subject"] as? String, "_25._tcp.mx17.good.tld.", alias.text)
    let lines = alias.lines(after: "Findings")
    XCTAssertTrue(lines.first?.hasPrefix("  [error] RRSIG_EXPIRED: ") ?? false, alias.text)
    XCTAssertTrue(
      lines.contains {
        $0.hasPrefix("      [error] TLSA_BOGUS: The TLSA records at _25._tcp.mx17")
      },
      alias.text)
  }

  /// RFC 4035 §5.2: `badds.tld.`'s parent publishes a DS that matches none of its keys, so
  /// `mx.badds.tld. A` is bogus (delv says so), and so is the A lookup of `balias.good.tld.`,
  /// a CNAME to it. The alias's report names the same root cause as the direct host's, with
  /// ADDRESS_BOGUS under it, and its MX table shows where the alias leads.
  func testAnAddressAliasIntoAZoneWithABrokenDSListsTheSameCauseAsTheDirectHost() throws {
    let world = try made()
    let delv = try world.delv("mx.badds.tld.", "A")
    XCTAssertFalse(delv.contains("fully validated"), delv)
    let failures = try world.unboundFailures("mx.badds.tld.", "A")
    XCTAssertTrue(failures.contains { $0.contains("no keys have a DS") }, "\(failures)")

    let direct = try world.check("direct.good.tld.")
    let directCause = try XCTUnwrap(direct.cause(of: "ADDRESS_BOGUS"), direct.text)

    let alias = try world.check("bog.good.tld.")
    XCTAssertEqual(alias.status, 1, alias.text)
    let cause = try XCTUnwrap(alias.cause(of: "ADDRESS_BOGUS"), alias.text)
    XCTAssertEqual(cause["code"] as? String, directCause["code"] as? String, alias.text)
    XCTAssertEqual(cause["subject"] as? String, directCause["subject"] as? String, alias.text)
    let under = cause["consequences"] as? [[String: Any]] ?? []
    XCTAssertEqual(under.map { $0["subject"] as? String }, ["balias.good.tld."], alias.text)

    XCTAssertEqual(alias.hosts.first?["expandedName"] as? String, "mx.badds.tld.", alias.text)
    let table = alias.lines(after: "MX of bog.good.tld.")
    XCTAssertTrue(
      table.contains { $0.contains(" balias.good.tld. -> mx.badds.tld.  ") }, alias.text)
  }

  /// RFC 7672 §3.2.2: a DANE-TA record authenticates a chain only when the leaf names a
  /// reference identifier; this leaf names `wrong.name.invalid`, so the verdict is failed
  /// although `2 0 1` matched the CA at depth 1 (OpenSSL's own decision: no verification). The
  /// TLSA section and the JSON say the match did not authenticate, and why.
  func testADANETARecordThatMatchedWhileTheNameCheckFailedSaysAuthenticationFailed() throws {
    let world = try made()
    let run = try world.check("taname.good.tld.")
    XCTAssertEqual(run.status, 1, run.text)
    let probes = run.hosts.first?["probes"] as? [[String: Any]] ?? []
    XCTAssertEqual(probes.map { $0["verdict"] as? String }, ["failed"], run.text)
    let openssl = try TestCertificates.openSSLDANEDecision(
      "127.0.0.1:\(world.peer.port)", name: "mxt.good.tld",
      record: "2 0 1 \(try world.certificates.rootSHA256())")
    XCTAssertNil(openssl)

    let tlsa = run.lines(after: "TLSA records")
    let record = try XCTUnwrap(tlsa.first { $0.hasPrefix("    2 0 1 ") }, run.text)
    XCTAssertTrue(
      record.contains(
        "usable, matched at depth 1, but authentication failed at [127.0.0.1]:\(world.peer.port):"
          + " the leaf certificate's names (wrong.name.invalid) include none of mxt.good.tld.,"
          + " taname.good.tld."),
      record)
    let tlsaJSON = run.hosts.first?["tlsa"] as? [String: Any]
    let records = tlsaJSON?["records"] as? [[String: Any]] ?? []
    XCTAssertEqual(records.first?["matchedDepths"] as? [Int], [1], run.text)
    let failures = try XCTUnwrap(records.first?["authenticationFailures"] as? [String], run.text)
    XCTAssertEqual(failures.count, 1, run.text)
    XCTAssertTrue(failures[0].contains("include none of mxt.good.tld."), failures[0])
  }

  /// RFC 7672 §3.2: under DANE-TA the chain is checked as a whole, dates included; this leaf
  /// expired a week ago, so `2 0 1` of its CA matches at depth 1 and the verdict is still
  /// failed (openssl s_client, given the same record, does not verify it either).
  func testADANETARecordThatMatchedAnExpiredLeafsCASaysAuthenticationFailed() throws {
    let world = try made()
    let record = "2 0 1 \(try world.expiredLeaf.rootSHA256())"
    let openssl = try TestCertificates.openSSLDANEDecision(
      "127.0.0.1:\(world.expiredLeafPeer.port)", name: "mxe.good.tld", record: record)
    XCTAssertNil(openssl)

    let run = try world.check("expleaf.good.tld.", peer: world.expiredLeafPeer)
    XCTAssertEqual(run.status, 1, run.text)
    let probes = run.hosts.first?["probes"] as? [[String: Any]] ?? []
    XCTAssertEqual(probes.map { $0["verdict"] as? String }, ["failed"], run.text)
    let line = try XCTUnwrap(
      run.lines(after: "TLSA records").first { $0.hasPrefix("    2 0 1 ") }, run.text)
    XCTAssertTrue(
      line.hasSuffix(
        "  usable, matched at depth 1, but authentication failed at"
          + " [127.0.0.1]:\(world.expiredLeafPeer.port): OpenSSL refused the chain:"
          + " certificate has expired"), line)
    let records = (run.hosts.first?["tlsa"] as? [String: Any])?["records"] as? [[String: Any]]
    XCTAssertEqual(
      records?.first?["authenticationFailures"] as? [String],
      ["OpenSSL refused the chain: certificate has expired"], run.text)
    // The verdict's reason agrees with the TLSA section: the record matched, then the chain
    // failed; not that nothing matched.
    let matched = "TLSA \(record) matched the trust anchor at depth 1, but OpenSSL refused the"
      + " chain: certificate has expired"
    XCTAssertEqual(probes.first?["reason"] as? String, matched, run.text)
    let verdictLine = try XCTUnwrap(
      run.lines(after: "Verdict per MX host and address").first { $0.contains(" failed ") },
      run.text)
    XCTAssertTrue(verdictLine.hasSuffix(matched), verdictLine)
    XCTAssertFalse(run.text.contains("no usable TLSA record matched"), run.text)
  }

  /// A host with two addresses under one DANE-TA record: at ::1 the leaf names the MX host and
  /// the record authenticates it; at 127.0.0.1 the same CA's leaf names `wrong.name.invalid`,
  /// so the record matches and authenticates nothing (RFC 7672 §3.2.2), as openssl s_client,
  /// given the record, decides at each address. The text report and the JSON name the address
  /// that failed, and only that one; `authenticationFailures` keeps its strings (Docs/JSON.md).
  func testAMatchedThenFailedRecordNamesTheAddressWhereItFailed() throws {
    let world = try made()
    let port = world.pairIPv4Peer.port
    XCTAssertEqual(world.pairIPv6Peer.port, port)
    let record = "2 0 1 \(try world.pair[0].rootSHA256())"
    XCTAssertNil(
      try TestCertificates.openSSLDANEDecision(
        "127.0.0.1:\(port)", name: "mxtwo.good.tld", record: record))
    XCTAssertNotNil(
      try TestCertificates.openSSLDANEDecision(
        "[::1]:\(port)", name: "mxtwo.good.tld", record: record))

    let run = try world.check("twoaddr.good.tld.", peer: world.pairIPv4Peer)
    XCTAssertEqual(run.status, 1, run.text)
    let probes = run.hosts.first?["probes"] as? [[String: Any]] ?? []
    var verdicts: [String: String] = [:]
    for probe in probes {
      verdicts[probe["address"] as? String ?? "?"] = probe["verdict"] as? String
    }
    XCTAssertEqual(verdicts, ["127.0.0.1": "failed", "::1": "verified"], run.text)

    let reason =
      "the leaf certificate's names (wrong.name.invalid) include none of mxtwo.good.tld.,"
      + " twoaddr.good.tld."
    let line = try XCTUnwrap(
      run.lines(after: "TLSA records").first { $0.hasPrefix("    2 0 1 ") }, run.text)
    XCTAssertTrue(
      line.hasSuffix(
        "  usable, matched at depth 1, but authentication failed at [127.0.0.1]:\(port): "
          + reason), line)
    XCTAssertFalse(line.contains("::1"), line)
    let records = (run.hosts.first?["tlsa"] as? [String: Any])?["records"] as? [[String: Any]]
    let json = try XCTUnwrap(records?.first, run.text)
    XCTAssertEqual(json["matchedDepths"] as? [Int], [1], run.text)
    XCTAssertEqual(json["authenticationFailures"] as? [String], [reason], run.text)
    let places = try XCTUnwrap(json["authenticationFailuresAt"] as? [[String: Any]], run.text)
    XCTAssertEqual(places.count, 1, run.text)
    XCTAssertEqual(places.first?["address"] as? String, "127.0.0.1")
    XCTAssertEqual(places.first?["port"] as? Int, Int(port))
    XCTAssertEqual(places.first?["reason"] as? String, reason)
  }

  /// A TLSA owner that is a CNAME into a zone delegated without DS (delv: an unsigned answer)
  /// is insecure through it (RFC 4035 §5.2): the unsigned delegation of the target's zone is
  /// the cause, with TLSA_INSECURE for the owner looked up under it, and no DANE.
  func testATLSAAliasIntoAnUnsignedZoneListsTheUnsignedDelegationAsItsCause() throws {
    let world = try made()
    let delv = try world.delv("_25._tcp.mx16.good.tld.", "TLSA")
    XCTAssertTrue(delv.contains("unsigned answer"), delv)

    let run = try world.check("cnins.good.tld.")
    let probes = run.hosts.first?["probes"] as? [[String: Any]] ?? []
    XCTAssertEqual(probes.map { $0["verdict"] as? String }, ["no-dane"], run.text)
    let cause = try XCTUnwrap(run.cause(of: "TLSA_INSECURE"), run.text)
    XCTAssertEqual(cause["code"] as? String, "INSECURE_DELEGATION", run.text)
    XCTAssertEqual(cause["subject"] as? String, "unsigned.tld.", run.text)
    let under = cause["consequences"] as? [[String: Any]] ?? []
    XCTAssertEqual(under.map { $0["subject"] as? String }, ["_25._tcp.mx16.good.tld."], run.text)
  }

  /// `nothere.good.tld.` does not exist, and `good.tld.` proves it (delv: a validated negative
  /// answer). RFC 7672 §2.2.1: a sender has no address to connect to, so the host is
  /// unreachable, and no TLSA lookup is made (§2.2.2), so the TLSA part has no status.
  func testAnMXHostProvenNotToExistIsUnreachableWithNoTLSAStatus() throws {
    let world = try made()
    let delv = try world.delv("nothere.good.tld.", "A")
    XCTAssertTrue(delv.contains("NXDOMAIN") || delv.contains("ncache nxdomain"), delv)
    XCTAssertTrue(delv.contains("fully validated"), delv)

    let run = try world.check("nxhost.good.tld.")
    XCTAssertEqual(run.status, 1, run.text)
    let verdicts = run.lines(after: "Verdict per MX host and address")
    XCTAssertEqual(verdicts.count, 1, run.text)
    let row = verdicts[0].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    XCTAssertEqual(Array(row.prefix(3)), ["nothere.good.tld.", "(no", "address)"], run.text)
    XCTAssertEqual(row.dropFirst(3).first, "unreachable", run.text)
    XCTAssertTrue(
      verdicts[0].contains("the name does not exist (NXDOMAIN, secure)"), verdicts[0])

    let host = try XCTUnwrap(run.hosts.first, run.text)
    XCTAssertEqual((host["probes"] as? [Any])?.count, 0, run.text)
    let unprobed = try XCTUnwrap(host["unprobed"] as? [String: Any], run.text)
    XCTAssertEqual(unprobed["verdict"] as? String, "unreachable", run.text)
    XCTAssertTrue(
      (unprobed["reason"] as? String)?.contains("(NXDOMAIN, secure)") ?? false, run.text)
    let tlsa = try XCTUnwrap(host["tlsa"] as? [String: Any], run.text)
    XCTAssertEqual(tlsa["queried"] as? Bool, false, run.text)
    XCTAssertNil(tlsa["status"], run.text)

    let finding = try XCTUnwrap(
      run.findings.first { $0["subject"] as? String == "nothere.good.tld." }, run.text)
    XCTAssertEqual(finding["code"] as? String, "MX_HOST_NOT_FOUND", run.text)
    let summary = finding["summary"] as? String ?? ""
    XCTAssertTrue(summary.contains("NXDOMAIN"), summary)
    XCTAssertFalse(summary.contains("no A or AAAA"), summary)
  }

  /// `_25._tcp.mx10.good.tld.` was looked up and its absence proven (delv: a validated negative
  /// answer): the TLSA line names that owner, not "no TLSA owner".
  func testASecurelyDeniedTLSASetNamesTheOwnerLookedUp() throws {
    let world = try made()
    let delv = try world.delv("_25._tcp.mx10.good.tld.", "TLSA")
    XCTAssertTrue(delv.contains("fully validated"), delv)
    XCTAssertTrue(delv.contains("NXDOMAIN") || delv.contains("nxdomain"), delv)

    let run = try world.check("notlsnodane.good.tld.")
    let tlsa = run.lines(after: "TLSA records")
    XCTAssertEqual(
      tlsa, ["  mx10.good.tld. (_25._tcp.mx10.good.tld.): secure denial: no DANE"], run.text)
    let json = run.hosts.first?["tlsa"] as? [String: Any]
    XCTAssertEqual(json?["owner"] as? String, "_25._tcp.mx10.good.tld.", run.text)
  }
}
