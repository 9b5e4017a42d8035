import ValidationCore

/// `--tlsa-name NAME` (tlsa, trace): the TLSA base domain, which must be a host name whose
/// owner `_PORT._tcp.NAME` is a domain name. PORT is the port of the owner the command looks up
/// or prints: 25 for `trace` and `tlsa --from` whatever port they connect to (RFC 7672 §2.2.3),
/// `--port` (else 25) for `tlsa` with a certificate file. The rules are MailDomain's (letters,
/// digits and hyphens in dot-separated labels, no wildcard, A-labels for internationalised
/// names), with two more: no underscore (a host name has none, RFC 952 and RFC 1123 §2.1; a name already
/// starting `_25._tcp.` would be doubled), and the owner, not only NAME, fits the 255 octets of
/// RFC 1035 §2.3.4 (else the lookup could not even be asked).
enum TLSABaseName {
  /// `port` is the owner's (above), not the one connected to. `what` names where the name came
  /// from in messages: `--tlsa-name`, or `HOST` when a host name given to connect to is the
  /// base domain.
  static func parse(
    _ text: String, port: UInt16, at argument: Int?, what: String = "--tlsa-name"
  ) throws(UsageError) -> DNSName {
    func refuse(_ problem: String) -> UsageError {
      UsageError("\(what) '\(text)' is not a host name: \(problem)", at: argument)
    }
    let name: DNSName
    do throws(MailDomainError) {
      name = try MailDomain.parse(text)
    } catch {
      throw refuse(error.description(calling: "host name"))
    }
    // `_PORT._tcp.` already there, for any port: the owner would have it twice.
    let labels = name.labels.map { String(decoding: $0, as: UTF8.self) }
    if labels.count > 2, labels[1].lowercased() == "_tcp", labels[0].hasPrefix("_"),
      labels[0].dropFirst().allSatisfy({ ("0"..."9").contains($0) })
    {
      throw refuse(
        "give the host name without '\(labels[0])._tcp.'; danescope adds '_\(port)._tcp.'")
    }
    if let index = name.labels.firstIndex(where: { $0.contains(UInt8(ascii: "_")) }) {
      throw refuse(
        "label \(index + 1) has an underscore; a host name is letters, digits and hyphens")
    }
    let owner = [Array("_\(port)".utf8), Array("_tcp".utf8)] + name.labels
    let octets = owner.reduce(1) { $0 + 1 + $1.count }
    if octets > DNSName.maxWireLength {
      throw refuse(
        "the TLSA owner _\(port)._tcp.NAME would be \(octets) octets in wire form, more than"
          + " the \(DNSName.maxWireLength) a domain name may have (RFC 1035 §2.3.4)")
    }
    return name
  }
}
