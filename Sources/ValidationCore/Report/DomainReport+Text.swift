/// The text form of a report (`danescope check DOMAIN`): chain summary, MX table, TLSA per host,
/// a verdict per MX host and address, then the findings. Every string that came from the network
/// was sanitised by the probe; names are printed in presentation form (escaped).
extension DomainReport {
  public var text: String {
    var lines = ["DANE for SMTP: \(domain)", ""]
    if let judgedAsOf {
      lines += [
        "Judged as of \(ChainText.timestamp(judgedAsOf)) (--at): DNSSEC by danescope's "
          + "chain engine and certificates as of that time; the lookups and any probes ran now.", "",
      ]
    }
    lines += chainLines + [""] + mxLines + [""] + tlsaLines + [""] + verdictLines + [""]
    lines += findingLines
    if let incompleteReason {
      let stop = incompleteReason.hasSuffix(".") ? "" : "."
      lines += ["", "The check could not complete: \(incompleteReason)\(stop)"]
    }
    // Resolver reasons and server words reach the report: every line is sanitised once more.
    return lines.map { SanitizedText(prose: $0).text }.joined(separator: "\n")
  }

  var chainLines: [String] {
    var lines: [String] = []
    if let trust = chainOfTrust {
      var status = isProvenNoSuchDomain ? Self.provenNoSuchDomain : trust.status.word
      if isChainEngineIncomplete {
        // The engine's walk did not finish; libunbound's verdict, which the check acts on,
        // stands beside it (never a better word than libunbound's, nor a worse one for a
        // reason that is not DNSSEC's).
        status = "incomplete (libunbound: \(mx.lookup.security.word))"
      }
      lines.append("Chain of trust to \(trust.name) \(trust.type): \(status)")
      // Held down to the MX lookup's status, or caused below a CNAME or in the answer itself:
      // no zone line says why, so the reason does (the JSON's `chainOfTrust.reason`).
      if trust.isBoundedByLookup || !trust.zonesShowStatus {
        lines.append("  why: \(trust.reason ?? "no reason given")")
      }
      let zones = trust.zones.map { zone in
        (zone.name.description, zone.status.word + (zone.reason.map { " (\($0))" } ?? ""))
      }
      lines += Self.labelledLines(zones)
      lines.append("")
    } else if let why = chainOfTrustLeftOut {
      lines.append("Chain of trust: left out: \(why)")
      lines.append("")
    }
    lines.append("DNSSEC status of the records used")
    lines += Self.labelledLines(
      chain.map { link in
        var text: String
        if link.answer == "NXDOMAIN" && link.security == .secure {
          // A bare "secure" beside a name that does not exist reads as a claim about the name:
          // the status says what is secure, the denial.
          text = TextTable.pad("secure denial", 13) + "  NXDOMAIN: the name does not exist"
        } else {
          text = TextTable.pad(link.security.word, 13) + "  " + link.answer
        }
        if let reason = link.security.reason {
          // A timeout's reason already says there was no answer ("no answer within 5 s").
          if link.answer == "no answer" && reason.hasPrefix("no answer") {
            text = TextTable.pad(link.security.word, 13) + "  " + reason
          } else {
            text += " (\(reason))"
          }
        }
        return ("\(link.name) \(link.type)", text)
      })
    return lines
  }

  /// The longest label a column of names is sized to: 2 + 64 + 2 columns, then a 13-column
  /// status and a short answer, keep a row within 100 columns.
  static let labelColumnLimit = 64

  /// `  label  text` rows with every text in one column, as wide as the longest label up to
  /// `labelColumnLimit`. A longer label (a name of up to 253 octets) has a line of its own, its
  /// text on the next line in the column, so that no row pushes the column out of line.
  static func labelledLines(_ rows: [(label: String, text: String)]) -> [String] {
    let width = min(rows.map(\.label.count).max() ?? 0, labelColumnLimit)
    return rows.flatMap { label, text -> [String] in
      guard label.count <= width else {
        return ["  " + label, "  " + TextTable.pad("", width) + "  " + text]
      }
      return ["  " + TextTable.pad(label, width) + "  " + text]
    }
  }

  var mxLines: [String] {
    if isProvenNoSuchDomain { return ["MX of \(domain): \(Self.provenNoSuchDomain)"] }
    var lines = ["MX of \(domain): \(mx.lookup.security.word), \(mxKindText)"]
    guard !mx.hosts.isEmpty else { return lines }
    var rows = [["pref", "host", "addresses", "address status", "TLSA"]]
    for host in mx.hosts {
      var name = host.target.name.description
      if let expanded = host.addresses.shownAliasTarget { name += " -> \(expanded)" }
      let all = host.addresses.addresses
      var addresses = all.prefix(DANECheck.maximumAddressesPerHost).joined(separator: " ")
      if all.count > DANECheck.maximumAddressesPerHost {
        addresses += " +\(all.count - DANECheck.maximumAddressesPerHost) more"
      }
      rows.append([
        String(host.target.preference), name, addresses.isEmpty ? "(none)" : addresses,
        host.addresses.security.word, tlsaSummary(host),
      ])
    }
    lines += TextTable.render(rows).map { "  " + $0 }
    return lines
  }

  /// The wording for a domain whose nonexistence DNSSEC proved: never a bare "secure".
  static let provenNoSuchDomain = "no such domain (proven by a secure NXDOMAIN)"

  var isProvenNoSuchDomain: Bool {
    if case .noSuchDomain = mx.resolution, mx.lookup.security == .secure { return true }
    return false
  }

  var mxKindText: String {
    switch mx.resolution {
    case .hosts(let targets, _):
      return targets.first?.isImplicit == true
        ? "no MX records: the domain itself is the mail host" : "\(targets.count) host(s)"
    case .nullMX: return "null MX: the domain accepts no mail"
    case .noSuchDomain: return "the domain does not exist"
    case .failed(let security): return "lookup failed: \(security.reason ?? security.word)"
    }
  }

  func tlsaSummary(_ host: HostReport) -> String {
    switch host.tlsa {
    case .notQueried: return "not looked up"
    case .records(_, let records):
      let usable = records.filter(\.isUsable).count
      return "\(records.count) record(s), \(usable) usable"
    case .secureAbsent: return "none (secure denial)"
    case .insecure: return "insecure, ignored"
    case .failed(_, let security): return "\(security.word)"
    }
  }

  var tlsaLines: [String] {
    var lines = ["TLSA records"]
    if mx.hosts.isEmpty { return lines + ["  (\(noHostText): TLSA not looked up)"] }
    for host in mx.hosts {
      // The owners looked up (both, when a CNAME-expanded name was tried before the MX name
      // and each securely denied); none when TLSA was not looked up.
      let owners = host.tlsaOwnersLookedUp.map(\.description).joined(separator: ", ")
      let label = owners.isEmpty ? "" : " (\(owners))"
      lines.append("  \(host.target.name)\(label): \(tlsaStatus(host))")
      // A handshake that reached the DANE decision held every usable record against the
      // server's chain: one with no match there matched nothing, as the console's TLSA pane
      // says. Without one (no probe reached TLS) a record was not tried and says only usable.
      let wasMatched = host.probes.contains { $0.observation?.daneDecision != nil }
      for (assessed, depths, anchors, _, failures) in host.tlsaRecords {
        var line = "    " + assessed.description
        if let reason = assessed.unusableReason {
          line += "  unusable: \(reason)"
        } else {
          line += "  usable"
          let served = depths.filter { depth in !anchors.contains { $0.depth == depth } }
          if !served.isEmpty {
            line += ", matched at depth " + served.map(String.init).joined(separator: ", ")
          }
          for anchor in anchors {
            line += ", matched \(anchor.place)"
          }
          if wasMatched, depths.isEmpty, anchors.isEmpty {
            line += ", matched nothing in the probes"
          }
          // Matched, and yet the probe failed: the match authenticated nothing.
          if !failures.isEmpty, !depths.isEmpty {
            line += ", but authentication failed " + Self.failurePlaces(failures)
          }
        }
        lines.append(line)
      }
    }
    return lines
  }

  /// `at [192.0.2.1]:25 and [2001:db8::1]:25: <reason>; at [192.0.2.2]:25: <other reason>`:
  /// each reason once, after the addresses where it happened, in the order of the probes.
  public static func failurePlaces(_ failures: [TLSAAuthenticationFailure]) -> String {
    var reasons: [String] = []
    for failure in failures where !reasons.contains(failure.reason) {
      reasons.append(failure.reason)
    }
    return reasons.map { reason in
      let places = failures.filter { $0.reason == reason }.map(\.endpoint)
      return "at " + places.joined(separator: " and ") + ": " + reason
    }.joined(separator: "; ")
  }

  /// Why there is no MX host whose TLSA records could be looked up.
  var noHostText: String {
    switch mx.resolution {
    case .nullMX: return "null MX: no mail host"
    case .noSuchDomain: return "no such domain: no MX host"
    case .failed: return "MX lookup failed: no MX host"
    case .hosts: return "no MX host"
    }
  }

  func tlsaStatus(_ host: HostReport) -> String {
    switch host.tlsa {
    case .notQueried:
      return "not looked up: " + (host.tlsaNotLookedUpReason ?? "")
    case .records:
      switch host.tlsa.tlsPolicy {
      case .daneAuthenticated: return "secure; STARTTLS mandatory, DANE authentication"
      default: return "secure; nothing usable: TLS mandatory, unauthenticated"
      }
    case .secureAbsent: return "secure denial: no DANE"
    case .insecure: return "insecure: ignored, no DANE"
    case .failed(_, let security):
      return "\(security.word): \(security.reason ?? "") (delivery deferred)"
    }
  }

  var verdictLines: [String] {
    var lines = ["Verdict per MX host and address"]
    var rows: [[String]] = []
    for host in mx.hosts {
      // A host with no address to probe still has a row: every MX host is judged here (a failed
      // address lookup defers its mail, as the JSON's `tlsa.policy` says).
      if let verdict = host.unprobedVerdict {
        rows.append([host.target.name.description, "(no address)", verdict.word, verdict.reason])
        continue
      }
      for probe in host.probes {
        rows.append([
          host.target.name.description, "\(probe.address) port \(probe.port)", probe.verdict.word,
          probe.reason,
        ])
      }
    }
    if rows.isEmpty { return lines + ["  (no address to probe)"] }
    lines += TextTable.render(rows).map { "  " + $0 }
    return lines
  }

  var findingLines: [String] {
    guard !findings.isEmpty else { return ["Findings: none"] }
    var lines = ["Findings"]
    func add(_ finding: Finding, indent: String) {
      lines.append("\(indent)[\(finding.severity)] \(finding.code): \(finding.summary)")
      for consequence in finding.consequences { add(consequence, indent: indent + "    ") }
    }
    for finding in findings { add(finding, indent: "  ") }
    return lines
  }
}

/// Plain left-aligned columns separated by two spaces; the last column is not padded. A cell of
/// another column wider than `maximumWidth` is wrapped onto continuation lines (at spaces where
/// it can, else cut), so that one long name or address list never pads every row.
enum TextTable {
  static let maximumWidth = 48

  static func render(_ rows: [[String]]) -> [String] {
    let columns = rows.map(\.count).max() ?? 0
    let cells = rows.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1 ? [cell] : wrap(cell, maximumWidth)
      }
    }
    var widths = [Int](repeating: 0, count: columns)
    for row in cells {
      for (index, pieces) in row.enumerated() {
        widths[index] = max(widths[index], pieces.map(\.count).max() ?? 0)
      }
    }
    return cells.flatMap { row -> [String] in
      let height = row.map(\.count).max() ?? 0
      return (0..<height).map { line in
        let text = row.enumerated().map { index, pieces in
          let piece = line < pieces.count ? pieces[line] : ""
          return index == row.count - 1 ? piece : pad(piece, widths[index])
        }.joined(separator: "  ")
        return line == 0 ? text : String(text.reversed().drop { $0 == " " }.reversed())
      }
    }
  }

  /// `text` in lines of at most `width` characters, broken at spaces, words longer than
  /// `width` cut.
  static func wrap(_ text: String, _ width: Int) -> [String] {
    guard text.count > width else { return [text] }
    var lines: [String] = []
    var current = ""
    for part in text.split(separator: " ") {
      var word = String(part)
      while word.count > width {
        if !current.isEmpty {
          lines.append(current)
          current = ""
        }
        lines.append(String(word.prefix(width)))
        word = String(word.dropFirst(width))
      }
      if current.isEmpty {
        current = word
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = word
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }
}
