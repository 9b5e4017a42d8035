/// Why wire-format DNS data could not be read: what went wrong, and at which byte offset of
/// the message (or of the standalone RDATA) it was found.
public struct DNSWireError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// The data ends before `field` could be read (`needed` more octets were wanted).
    case truncated(field: String, needed: Int)
    /// A record's RDATA ends before its declared RDLENGTH (`field` is what was being read).
    case rdataTooShort(type: RRType, field: String)
    /// A record's RDATA was fully read but RDLENGTH declares more octets.
    case rdataTooLong(type: RRType, declared: Int, used: Int)
    /// A compression pointer leads back to a place already visited.
    case compressionLoop(target: Int)
    /// A compression pointer aims at or after itself (RFC 1035 §4.1.4: prior occurrences only).
    case forwardPointer(target: Int)
    /// A compression pointer aims past the end of the message.
    case pointerOutOfRange(target: Int)
    /// A compression pointer where this field forbids one (RFC 3597 §4, RFC 4034).
    case compressionNotAllowed(field: String)
    /// A label type other than 00 (normal) or 11 (pointer): RFC 6891 §5 retired the others.
    /// (A label longer than 63 octets cannot be written in six bits: it shows up as this.)
    case unsupportedLabelType(UInt8)
    case nameTooLong(Int)
    /// A field holds a value the format forbids (a bad type bit map, an empty TXT, …).
    case invalidField(field: String, reason: String)
    /// Octets left after the last section of a message.
    case trailingData(count: Int)
    /// A value too large for its length field when writing (e.g. a 300-octet string).
    case valueTooLong(field: String, length: Int, limit: Int)
  }

  public var kind: Kind
  public var offset: Int

  public init(_ kind: Kind, at offset: Int) {
    self.kind = kind
    self.offset = offset
  }

  public var description: String { "\(what) at offset \(offset)" }

  /// The sentence without the offset.
  public var what: String {
    switch kind {
    case .truncated(let field, let needed):
      return "data ends before \(field) (\(needed) more octet\(needed == 1 ? "" : "s") needed)"
    case .rdataTooShort(let type, let field):
      return "\(type) RDATA ends before \(field) (shorter than its RDLENGTH needs)"
    case .rdataTooLong(let type, let declared, let used):
      return "\(type) RDATA has RDLENGTH \(declared) but its fields take \(used) octets"
    case .compressionLoop(let target):
      return "compression pointer loop (pointer to \(target) visited before)"
    case .forwardPointer(let target):
      return "compression pointer to \(target) does not point backwards"
    case .pointerOutOfRange(let target):
      return "compression pointer to \(target) lies past the end of the message"
    case .compressionNotAllowed(let field):
      return "compression pointer in \(field), where names must be uncompressed"
    case .unsupportedLabelType(let bits):
      return "unsupported label type 0x\(String(bits, radix: 16))"
    case .nameTooLong(let length):
      return "name of \(length) octets or more (at most 255)"
    case .invalidField(let field, let reason):
      return "invalid \(field): \(reason)"
    case .trailingData(let count):
      return "\(count) octet\(count == 1 ? "" : "s") after the end of the message"
    case .valueTooLong(let field, let length, let limit):
      return "\(field) of \(length) octets exceeds \(limit)"
    }
  }
}
