/// The record types libunbound 1.17 reads in zone text (a trust anchor file), as measured on
/// this machine with unbound-checkconf and unbound (Docs/Decisions.md, D-resolver-4): the names
/// it takes as a type word (in any case; any number also as `TYPEnnn`), and the types whose data
/// it reads in their own presentation form. Data in RFC 3597 form (`\# LENGTH HEX`) it reads for
/// every type; a type with no form of its own takes no other data (unbound says "not
/// implemented"), though it may be written with none.
enum UnboundRecordTypes {
  /// Each name libunbound 1.17 reads as a type, with its number. Measured: a record of each
  /// name with no data was not refused for its type ("could not parse the RR's type"), and
  /// NINFO, RKEY, UINFO, UID, GID, UNSPEC, AVC, DOA, AMTRELAY, RESINFO, WALLET and TA were.
  static let numbersByName: [String: UInt16] = [
    "A": 1, "NS": 2, "MD": 3, "MF": 4, "CNAME": 5, "SOA": 6, "MB": 7, "MG": 8, "MR": 9,
    "NULL": 10, "WKS": 11, "PTR": 12, "HINFO": 13, "MINFO": 14, "MX": 15, "TXT": 16, "RP": 17,
    "AFSDB": 18, "X25": 19, "ISDN": 20, "RT": 21, "NSAP": 22, "NSAP-PTR": 23, "SIG": 24,
    "KEY": 25, "PX": 26, "GPOS": 27, "AAAA": 28, "LOC": 29, "NXT": 30, "EID": 31, "NIMLOC": 32,
    "SRV": 33, "ATMA": 34, "NAPTR": 35, "KX": 36, "CERT": 37, "A6": 38, "DNAME": 39,
    "SINK": 40, "OPT": 41, "APL": 42, "DS": 43, "SSHFP": 44, "IPSECKEY": 45, "RRSIG": 46,
    "NSEC": 47, "DNSKEY": 48, "DHCID": 49, "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52,
    "SMIMEA": 53, "HIP": 55, "TALINK": 58, "CDS": 59, "CDNSKEY": 60, "OPENPGPKEY": 61,
    "CSYNC": 62, "ZONEMD": 63, "SVCB": 64, "HTTPS": 65, "SPF": 99, "NID": 104, "L32": 105,
    "L64": 106, "LP": 107, "EUI48": 108, "EUI64": 109, "TKEY": 249, "TSIG": 250, "IXFR": 251,
    "AXFR": 252, "MAILB": 253, "MAILA": 254, "ANY": 255, "URI": 256, "CAA": 257, "DLV": 32769,
  ]

  /// Named types that have no data form of their own. Measured with `TYPEnnn 01` for every
  /// number from 0 to 270 and a few above: "not implemented" for these and for every number
  /// without a name, and not for the other named types.
  static let namedWithoutDataForm: Set<UInt16> = [10, 38, 41, 251, 252, 253, 254, 255]

  /// The type a word names for libunbound: a name above or `TYPEnnn`; nil for neither.
  static func number(named word: String) -> UInt16? {
    let upper = word.uppercased()
    if let number = numbersByName[upper] { return number }
    let digits = upper.dropFirst(4)
    guard upper.hasPrefix("TYPE"), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    return UInt16(digits)
  }

  /// libunbound reads data of this type in the type's own presentation form.
  static func hasDataForm(_ number: UInt16) -> Bool {
    numbersByName.values.contains(number) && !namedWithoutDataForm.contains(number)
  }
}
