/// Text libunbound hands over (`why_bogus`, its log and parser messages) can quote what a
/// server or a file contained. Before it is kept, every byte outside printable ASCII becomes
/// `\xNN`, so it can never move the cursor or forge output when printed. Backslashes stay as
/// they are: libunbound already writes odd bytes in names as `\DDD`.
enum UnboundText {
  static func printable(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
      if (0x20...0x7E).contains(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let digits = Array("0123456789ABCDEF")
        output += "\\x" + String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
      }
    }
    return output
  }
}
