/// Text that came from the network, made safe to print. This is danescope's one sanitiser:
/// whatever a server, a resolver or a certificate said passes through it before it is shown,
/// so that nothing received can move the cursor, recolour the terminal or forge output. Every
/// octet it replaces is written one way, `\DDD` (three decimal digits, the escape DNS
/// presentation form uses, RFC 1035 §5.1): ESC is `\027`, U+202E (its UTF-8 octets) is
/// `\226\128\174`. So a name from DNS and a line from a server read the same way.
///
/// Apply it once, where the text enters: its output is printable, so `init(prose:)` leaves it
/// as it is, but `init(bytes:)` would double its backslashes.
///
/// It reads text in one of two ways:
/// - octets as a peer sent them (`init(bytes:)`, `init(_:)`: SMTP lines, certificate names):
///   only printable ASCII is kept and a backslash becomes `\\`, so the exact octets can be read
///   back;
/// - text that is already words (`init(prose:)`: resolver reasons, records in presentation form,
///   finding sentences, whole report lines): printable Unicode (the `§` of RFC sections) and
///   backslashes (names already escape odd octets as `\DDD`) stay; control characters (C0, DEL,
///   C1), Unicode format characters (bidirectional overrides, zero-width marks) and line and
///   paragraph separators are replaced. `init(proseOctets:)` reads such words from octets:
///   an octet that is not part of a UTF-8 character is `\DDD` too (where a lossy decoding would
///   have made every such octet the same U+FFFD).
public struct SanitizedText: Sendable, Hashable, CustomStringConvertible {
  /// The printable form.
  public let text: String

  public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
    var output = ""
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\\"):
        output += "\\\\"
      case 0x20...0x7E:
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        output += Self.escape(byte)
      }
    }
    text = output
  }

  /// Sanitises a Swift string by its UTF-8 octets.
  public init(_ string: String) {
    self.init(bytes: Array(string.utf8))
  }

  /// Sanitises words, keeping printable Unicode and backslashes.
  public init(prose: String) {
    var output = ""
    for scalar in prose.unicodeScalars {
      if Self.isUnsafe(scalar) {
        for byte in String(scalar).utf8 { output += Self.escape(byte) }
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    text = output
  }

  /// Sanitises words given as octets (a certificate subject, a log, a file): printable UTF-8
  /// is kept, each octet outside valid UTF-8 and each control or format character is `\DDD`.
  public init<Octets: Collection>(proseOctets octets: Octets) where Octets.Element == UInt8 {
    self.init(prose: String(escapingInvalidUTF8: octets))
  }

  public var description: String { text }

  /// Characters that steer a terminal or reorder what it shows.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
      return true
    default:
      return false
    }
  }

  /// `\DDD`, as DNS presentation form writes an octet.
  private static func escape(_ byte: UInt8) -> String {
    DNSName.decimalEscape(byte)
  }
}
