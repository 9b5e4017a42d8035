/// RRSIG times (RFC 4034 §3.2): 32-bit seconds since 1970-01-01 00:00:00 UTC, written as
/// YYYYMMDDHHmmSS. Reading accepts that form or a plain number of seconds.
///
/// The field wraps every 2^32 seconds and RFC 4034 §3.1.5 compares it with serial arithmetic;
/// for display the value is taken to lie in 1970-2106, which keeps the output independent of
/// the clock. ldns instead picks the date nearest to now, so the two differ only for values
/// more than 68 years from now.
public enum DNSTime {
  /// `20260101000000` for 1767225600.
  public static func format(_ seconds: UInt32) -> String {
    let days = Int(seconds / 86_400)
    let rest = Int(seconds % 86_400)
    let (year, month, day) = civil(fromDays: days)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
    return String(year) + two(month) + two(day) + two(rest / 3600) + two(rest / 60 % 60)
      + two(rest % 60)
  }

  /// Parses YYYYMMDDHHmmSS (exactly 14 digits) or a decimal number of seconds below 2^32.
  /// A date past 2106-02-07 06:28:15 wraps modulo 2^32 (serial arithmetic), as in ldns.
  public static func parse(_ text: String) -> UInt32? {
    guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
    guard text.utf8.count == 14 else { return UInt32(text) }
    let digits = text.utf8.map { Int($0) - 48 }
    func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
    let year = number(0..<4)
    let month = number(4..<6)
    let day = number(6..<8)
    let hour = number(8..<10)
    let minute = number(10..<12)
    let second = number(12..<14)
    guard year >= 1970, (1...12).contains(month),
      (1...daysIn(month: month, year: year)).contains(day),
      hour < 24, minute < 60, second < 60
    else { return nil }
    let total = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    return UInt32(truncatingIfNeeded: total)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (the classic era-based algorithm).
  static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = y / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = z / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
