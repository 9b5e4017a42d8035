/// Text that came from the network, made safe to print: every byte outside printable ASCII
/// (control characters, escape sequences, DEL, anything non-ASCII or not valid UTF-8) is shown as
/// `\xNN`, and a backslash as `\\`, so that a server can neither move the cursor nor forge
/// output on the terminal, and what it sent can still be read back exactly.
public struct SanitizedText: Sendable, Hashable, CustomStringConvertible {
  /// The printable form; contains only the characters 0x20…0x7E.
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
        output += "\\x" + Self.hexDigits(byte)
      }
    }
    text = output
  }

  /// Sanitises a Swift string by its UTF-8 octets.
  public init(_ string: String) {
    self.init(bytes: Array(string.utf8))
  }

  public var description: String { text }

  private static func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
  }
}
