import Glibc

extension String {
  /// Octets from outside (a file, a C string, a log, a certificate) read as UTF-8 without
  /// losing any: each valid UTF-8 character is kept, and each octet that is not part of one is
  /// written `\DDD` (its value in three decimal digits), where `String(decoding:as:)` would put
  /// U+FFFD for all alike. `c0 ae` (an overlong `.`) reads `\192\174`, a lone `9b` reads `\155`.
  ///
  /// The result is words, not yet safe to print: control characters in valid UTF-8 are still
  /// raw. Pass it through `SanitizedText(prose:)` (which keeps the backslashes) before showing
  /// it, or use `SanitizedText(proseOctets:)`, which does both.
  public init<Octets: Collection>(escapingInvalidUTF8 octets: Octets)
  where Octets.Element == UInt8 {
    var output = ""
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = octets.makeIterator()
    // The parser reports how many octets an invalid sequence took; they are read again from a
    // second iterator that follows the first, so each is escaped by its own value.
    var follower = octets.makeIterator()
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        output.unicodeScalars.append(Unicode.UTF8.decode(encoded))
        for _ in 0..<encoded.count { _ = follower.next() }
      case .error(let length):
        for _ in 0..<length {
          if let octet = follower.next() { output += DNSName.decimalEscape(octet) }
        }
      case .emptyInput:
        self = output
        return
      }
    }
  }

  /// The octets of a NUL-terminated C string, read as `init(escapingInvalidUTF8:)` reads them:
  /// `String(cString:)` would also put U+FFFD for octets that are not UTF-8.
  public init(escapingInvalidUTF8 cString: UnsafePointer<CChar>) {
    let length = strlen(cString)
    let octets = UnsafeRawBufferPointer(start: cString, count: length)
    self.init(escapingInvalidUTF8: octets)
  }
}
