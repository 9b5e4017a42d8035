/// Numbers typed on the command line (ports, timeouts, days, TLSA fields, Unix seconds): ASCII
/// decimal digits and nothing else. Swift's own readers take more than a user means: `UInt16`
/// and `Int` accept a leading `+`, `Double` accepts `0x10` (16), `1e3`, `inf` and `nan`, and
/// `Character.isNumber` digits of other scripts. One reader keeps every option the same.
public enum DecimalNumber {
  /// `text` as an unsigned integer when it is one or more digits `0`-`9` (leading zeros
  /// allowed) and fits in `T`; nil otherwise.
  public static func integer<T: FixedWidthInteger & UnsignedInteger>(
    _ text: some StringProtocol, as type: T.Type = T.self
  ) -> T? {
    guard isDigits(text) else { return nil }
    return T(text, radix: 10)
  }

  /// `text` as a non-negative number when it is digits, optionally followed by `.` and more
  /// digits (`10`, `2.5`, `0.001`); nil otherwise.
  public static func fraction(_ text: some StringProtocol) -> Double? {
    let whole = String(text)
    let parts = whole.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.allSatisfy({ isDigits($0) }) else { return nil }
    return Double(whole)
  }

  /// One digit or more, and only digits.
  public static func isDigits(_ text: some StringProtocol) -> Bool {
    !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
  }
}
