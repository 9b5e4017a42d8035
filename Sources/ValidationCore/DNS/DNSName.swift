/// A domain name: a sequence of labels, the root last and implicit.
///
/// Case is preserved for display; equality, hashing and ordering ignore ASCII case, and ordering
/// is the canonical order of RFC 4034 §6.1 (by labels from the right, octet by octet).
public struct DNSName: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// RFC 1035 §2.3.4: 63 octets a label, 255 octets a name in wire form.
  public static let maxLabelLength = 63
  public static let maxWireLength = 255

  /// Labels from the leftmost to the rightmost, the root label excluded.
  public let labels: [[UInt8]]

  public static let root = DNSName(uncheckedLabels: [])

  init(uncheckedLabels labels: [[UInt8]]) {
    self.labels = labels
  }

  /// Builds a name from labels, enforcing the RFC 1035 limits.
  public init(labels: [[UInt8]]) throws(DNSNameError) {
    for label in labels {
      if label.isEmpty { throw .emptyLabel }
      if label.count > Self.maxLabelLength { throw .labelTooLong(label.count) }
    }
    let wireLength = labels.reduce(1) { $0 + 1 + $1.count }
    if wireLength > Self.maxWireLength { throw .nameTooLong(wireLength) }
    self.labels = labels
  }

  /// Parses presentation form: `www.example.com.`, with `\.` and `\DDD` escapes. A name without
  /// a trailing dot is relative and gets `origin` appended (the root when no origin is given).
  public init(_ text: String, origin: DNSName? = nil) throws(DNSNameError) {
    if text == "@" {
      guard let origin else { throw .relativeWithoutOrigin(text) }
      self = origin
      return
    }
    if text == "." {
      self = .root
      return
    }
    if text.isEmpty { throw .emptyName }
    var labels: [[UInt8]] = []
    var current: [UInt8] = []
    var bytes = Array(text.utf8)[...]
    var isAbsolute = false
    while let byte = bytes.popFirst() {
      switch byte {
      case UInt8(ascii: "\\"):
        guard let next = bytes.popFirst() else { throw .danglingEscape(text) }
        if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
          guard bytes.count >= 2,
            let d2 = bytes.popFirst(), let d3 = bytes.popFirst(),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d2),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d3)
          else { throw .badDecimalEscape(text) }
          let value = Int(next - 48) * 100 + Int(d2 - 48) * 10 + Int(d3 - 48)
          guard value <= 255 else { throw .badDecimalEscape(text) }
          current.append(UInt8(value))
        } else {
          current.append(next)
        }
      case UInt8(ascii: "."):
        if current.isEmpty { throw .emptyLabel }
        labels.append(current)
        current = []
        if bytes.isEmpty { isAbsolute = true }
      default:
        current.append(byte)
      }
    }
    if !current.isEmpty { labels.append(current) }
    if !isAbsolute {
      guard let origin else {
        // A relative name with no origin is taken as absolute (the way users type names).
        try self.init(labels: labels)
        return
      }
      labels += origin.labels
    }
    try self.init(labels: labels)
  }

  /// True when presentation text ends in an unescaped dot (`a.b.`, `.`), i.e. is absolute.
  public static func isAbsolute(_ text: String) -> Bool {
    guard text.hasSuffix(".") else { return false }
    // Count the backslashes before the final dot: an odd number escapes it.
    let backslashes = text.utf8.dropLast().reversed().prefix { $0 == UInt8(ascii: "\\") }.count
    return backslashes % 2 == 0
  }

  public var isRoot: Bool { labels.isEmpty }

  /// Number of labels, root excluded (what RRSIG's Labels field counts, before wildcards).
  public var labelCount: Int { labels.count }

  /// True for `*.rest`.
  public var isWildcard: Bool { labels.first == [UInt8(ascii: "*")] }

  /// The name with its leftmost label removed; the root's parent is the root.
  public var parent: DNSName {
    isRoot ? self : DNSName(uncheckedLabels: Array(labels.dropFirst()))
  }

  /// The name made of the rightmost `count` labels.
  public func suffix(labelCount count: Int) -> DNSName {
    DNSName(uncheckedLabels: Array(labels.suffix(max(0, count))))
  }

  /// `label.self`, checked against the limits.
  public func prepending(_ label: [UInt8]) throws(DNSNameError) -> DNSName {
    try DNSName(labels: [label] + labels)
  }

  public func prepending(_ label: String) throws(DNSNameError) -> DNSName {
    try prepending(Array(label.utf8))
  }

  /// True when `self` equals `other` or lies below it.
  public func isSubdomain(of other: DNSName) -> Bool {
    guard labels.count >= other.labels.count else { return false }
    return zip(labels.suffix(other.labels.count), other.labels).allSatisfy {
      Self.labelsEqual($0, $1)
    }
  }

  /// The name a DNAME at `owner` pointing to `target` makes of this one (RFC 6672 §2.2): the
  /// labels left of `owner`, then `target`. Throws when the result is longer than a name may
  /// be (the server then answers YXDOMAIN). `self` must lie below `owner`.
  public func substituting(_ owner: DNSName, with target: DNSName) throws(DNSNameError) -> DNSName {
    try DNSName(labels: Array(labels.prefix(labels.count - owner.labels.count)) + target.labels)
  }

  /// All ancestors from the root down to the name itself: `.`, `com.`, `example.com.`.
  public var lineage: [DNSName] {
    (0...labels.count).map { suffix(labelCount: $0) }
  }

  /// ASCII-lowercased copy (RFC 4034 §6.2 canonical form).
  public var lowercased: DNSName {
    DNSName(uncheckedLabels: labels.map { $0.map(Self.lower) })
  }

  /// Uncompressed wire form, root label included.
  public var wireFormat: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(wireLength)
    for label in labels {
      out.append(UInt8(label.count))
      out.append(contentsOf: label)
    }
    out.append(0)
    return out
  }

  public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

  /// Presentation form, absolute, escaped as ldns writes names: `\.`, `\\`, `\(`, `\)`, `\;` and
  /// `\DDD` for every octet that is not printable ASCII (space included). Unlike ldns, `\"` is
  /// escaped too (ldns's own reader takes a bare quote inside a name as the start of a string),
  /// and `@` and `$` are escaped as the first character, where a zone file would read them as
  /// the origin or a directive.
  public var description: String {
    if isRoot { return "." }
    var out = ""
    for label in labels {
      out += Self.presentLabel(label)
      out += "."
    }
    if let first = out.utf8.first, first == UInt8(ascii: "@") || first == UInt8(ascii: "$") {
      out = "\\" + out
    }
    return out
  }

  /// Presentation form without the trailing dot (`mx.example`), the way a host name is shown
  /// beside an address (`mx.example[192.0.2.1]:25`). Escaped as `description` is, so a name
  /// from DNS prints unambiguously: `a\000b.dot\.in\.label.example`.
  public var hostDescription: String {
    isRoot ? "." : String(description.dropLast())
  }

  public static func presentLabel(_ label: [UInt8]) -> String {
    var out = ""
    for byte in label {
      switch byte {
      case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"),
        UInt8(ascii: ";"), UInt8(ascii: "\""):
        out.append("\\")
        out.append(Character(Unicode.Scalar(byte)))
      case 0x21...0x7E:
        out.append(Character(Unicode.Scalar(byte)))
      default:
        out += decimalEscape(byte)
      }
    }
    return out
  }

  /// `\DDD`, three decimal digits (RFC 1035 §5.1).
  public static func decimalEscape(_ byte: UInt8) -> String {
    let digits = String(byte)
    return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
  }

  // MARK: Equality and canonical order

  static func lower(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
  }

  static func labelsEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { lower($0) == lower($1) }
  }

  public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
    lhs.labels.count == rhs.labels.count
      && zip(lhs.labels, rhs.labels).allSatisfy { labelsEqual($0, $1) }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(labels.count)
    for label in labels {
      hasher.combine(label.count)
      for byte in label { hasher.combine(Self.lower(byte)) }
    }
  }

  /// RFC 4034 §6.1: compare labels from the rightmost, each as lowercased octet strings, a
  /// shorter label sorting first when one is a prefix of the other; fewer labels sort first.
  public static func < (lhs: DNSName, rhs: DNSName) -> Bool {
    canonicalCompare(lhs, rhs) < 0
  }

  public static func canonicalCompare(_ lhs: DNSName, _ rhs: DNSName) -> Int {
    var left = lhs.labels.reversed().makeIterator()
    var right = rhs.labels.reversed().makeIterator()
    while true {
      switch (left.next(), right.next()) {
      case (nil, nil): return 0
      case (nil, _): return -1
      case (_, nil): return 1
      case (let a?, let b?):
        for (x, y) in zip(a, b) {
          let lx = lower(x)
          let ly = lower(y)
          if lx != ly { return lx < ly ? -1 : 1 }
        }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
      }
    }
  }
}

/// Why a name could not be built.
public enum DNSNameError: Error, Equatable, Sendable, CustomStringConvertible {
  case emptyName
  case emptyLabel
  case labelTooLong(Int)
  case nameTooLong(Int)
  case danglingEscape(String)
  case badDecimalEscape(String)
  case relativeWithoutOrigin(String)

  public var description: String {
    switch self {
    case .emptyName: return "empty domain name"
    case .emptyLabel: return "empty label (two dots in a row, or a leading dot)"
    case .labelTooLong(let n): return "label of \(n) octets (at most 63)"
    case .nameTooLong(let n): return "name of \(n) octets in wire form (at most 255)"
    case .danglingEscape(let t): return "backslash at the end of '\(t)'"
    case .badDecimalEscape(let t): return "bad \\DDD escape in '\(t)'"
    case .relativeWithoutOrigin(let t): return "relative name '\(t)' with no origin"
    }
  }
}
