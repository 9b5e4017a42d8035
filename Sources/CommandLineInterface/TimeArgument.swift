import FoundationEssentials
import ValidationCore

/// `--at TIME`, read whole or refused, never moved: one of
/// - a date, `2026-12-04` (midnight UTC);
/// - a time, `2026-12-04T16:00:00Z`, with optional fractional seconds (`16:00:00.5Z`) and `Z` or
///   a numeric UTC offset (`+02:00`, `-05:30`) at its end;
/// - Unix seconds, decimal digits only (`1796342400`).
/// Nothing else is taken: no missing seconds, no space for the `T`, no time without its offset
/// (it would be read in some zone the user did not name), no trailing text, and no impossible
/// date or time (February 30, hour 24, minute or second 60) rolled over into another one.
/// Only times from 1970 on, and at most 68 years before or after now, are accepted. RRSIG
/// inception and expiration are 32-bit serial numbers (RFC 4034 §3.1.5, RFC 1982): they repeat
/// every 2^32 seconds (136 years) and are read as the time nearest the clock, so a clock more
/// than 2^31 seconds (68 years) away from when a signature was made would read its times in
/// the wrong 136-year cycle: an expired signature judged at now + 136 years looks valid.
public enum TimeArgument {
  /// 9999-12-31T23:59:59Z, the last second an X.509 GeneralizedTime can hold.
  public static let latest = Date(timeIntervalSince1970: 253_402_300_799)
  public static let earliest = Date(timeIntervalSince1970: 0)
  /// How far from now `--at` may be: 68 years of 365.25 days, just under 2^31 seconds (the
  /// reach of serial arithmetic), leaving 18 days for signatures made before now.
  public static let maximumDistance: TimeInterval = 68 * 365.25 * 86_400

  /// The forms accepted, as every error about `--at` names them.
  static let forms =
    "expected YYYY-MM-DD (midnight UTC), YYYY-MM-DDTHH:MM:SSZ (fractional seconds allowed,"
    + " and a UTC offset such as +02:00 in place of Z) or Unix seconds (decimal digits)"

  /// `--at TIME` as `check` and `trace` judge with it: a clock stopped at TIME, or `clock`
  /// (the system's) when no `--at` was given.
  static func clock(_ parsed: ParsedArguments, else clock: any Clock = SystemClock())
    throws(UsageError) -> any Clock
  {
    guard let text = parsed.value("--at") else { return clock }
    return FixedClock(try parse(text, argument: parsed.position(of: "--at")))
  }

  public static func parse(_ text: String, argument: Int? = nil, now: Date = Date())
    throws(UsageError) -> Date
  {
    let date: Date
    do {
      date = try read(text)
    } catch {
      throw UsageError("--at '\(text)' is not a time: \(error.reason); \(forms)", at: argument)
    }
    let first = max(earliest, now.addingTimeInterval(-maximumDistance))
    let last = min(latest, now.addingTimeInterval(maximumDistance))
    guard date >= first, date <= last else {
      let range = "\(UTCTimestamp.text(first)) to \(UTCTimestamp.text(last))"
      if date < earliest {
        throw UsageError(
          "--at '\(text)' is before 1970, outside the times danescope can judge (\(range))",
          at: argument)
      }
      throw UsageError(
        "--at '\(text)' is more than 68 years \(date < now ? "before" : "after") now:"
          + " signature times are 32-bit serial numbers that repeat every 136 years"
          + " (RFC 4034 §3.1.5, RFC 1982), so they cannot be judged that far away; give a time"
          + " from \(range)",
        at: argument)
    }
    return date
  }

  /// Eight digits that spell a date from 1970 on (`20261204`): as Unix seconds they would be a
  /// moment in 1970-1973, which nobody asks DNSSEC about, so the date was surely meant.
  static func dateWithoutHyphens(_ text: String) -> Refusal? {
    guard text.count == 8, let value = Int(text) else { return nil }
    let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100)
    guard year >= 1970, (1...12).contains(month),
      (1...CivilDate.daysIn(month: month, of: year)).contains(day)
    else { return nil }
    let date = PrintfText.make("%04ld-%02ld-%02ld", year, month, day)
    return Refusal(
      "it looks like a date without hyphens; write \(date)"
        + " (as Unix seconds, \(text) would be in \(1970 + value / 31_556_952))")
  }

  /// Why a text is not a time, in a few words.
  struct Refusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
  }

  static func read(_ text: String) throws(Refusal) -> Date {
    var scanner = TimeScanner(text)
    if scanner.isAllDigits {
      if let refusal = dateWithoutHyphens(text) { throw refusal }
      // Unix seconds. More digits than an Int holds is far past year 9999 anyway.
      let seconds = Int(text) ?? Int.max
      return Date(timeIntervalSince1970: Double(min(seconds, 1 << 53)))
    }
    if let refusal = oddForm(text) { throw refusal }
    let year = try scanner.digits(4, "year")
    try scanner.expect("-", after: "the year")
    let month = try scanner.digits(2, "month")
    try scanner.expect("-", after: "the month")
    let day = try scanner.digits(2, "day")
    guard (1...12).contains(month) else { throw Refusal("there is no month \(month)") }
    let monthLength = CivilDate.daysIn(month: month, of: year)
    guard (1...monthLength).contains(day) else {
      throw Refusal(
        "\(PrintfText.make("%04ld-%02ld", year, month)) has no day \(day)"
          + " (it has \(monthLength) days)")
    }
    let midnight = CivilDate.daysSince1970(year: year, month: month, day: day) * 86_400
    if scanner.isAtEnd { return Date(timeIntervalSince1970: Double(midnight)) }

    try scanner.expect("T", after: "the date (a time of day follows a 'T')")
    let hour = try scanner.digits(2, "hour")
    try scanner.expect(":", after: "the hour")
    let minute = try scanner.digits(2, "minute")
    try scanner.expect(":", after: "the minute (seconds are required)")
    let second = try scanner.digits(2, "second")
    guard hour <= 23 else { throw Refusal("there is no hour \(hour) (00-23)") }
    guard minute <= 59 else { throw Refusal("there is no minute \(minute) (00-59)") }
    guard second <= 59 else {
      throw Refusal("second \(second) cannot be judged (00-59; leap seconds are not counted)")
    }
    var nanoseconds = 0
    if scanner.skip(".") {
      nanoseconds = nanosecondsTruncated(try scanner.digitRun("fractional seconds"))
    }
    let offset = try scanner.offset()
    guard scanner.isAtEnd else {
      throw Refusal("'\(scanner.rest)' follows the time")
    }
    let whole = midnight + hour * 3600 + minute * 60 + second - offset
    return instant(second: whole, nanoseconds: nanoseconds)
  }

  /// The fraction's digits as whole nanoseconds, digits past the ninth dropped (never rounded:
  /// `.9999999999` is 999 999 999 ns, still within its second).
  static func nanosecondsTruncated(_ digits: String) -> Int {
    let nine = digits.prefix(9)
    let padded = nine + String(repeating: "0", count: 9 - nine.count)
    return Int(padded) ?? 0
  }

  /// The instant `nanoseconds` into Unix second `second`, never past its end: a Date holds a
  /// Double, whose step near today is about 0.2 µs, so `second + 0.9999999` would round up into
  /// the next second and the time would be printed and judged a second late. The nearest Double
  /// that still reads as `second` is taken instead.
  static func instant(second: Int, nanoseconds: Int) -> Date {
    var date = Date(timeIntervalSince1970: Double(second) + Double(nanoseconds) / 1e9)
    let next = Double(second + 1)
    let nextSinceReference = Double(second + 1 - 978_307_200)
    while date.timeIntervalSince1970 >= next
      || date.timeIntervalSinceReferenceDate.rounded(.down) >= nextSinceReference
    {
      date = Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.nextDown)
    }
    return date
  }
}

extension TimeArgument {
  /// Why `text`, which is not all digits, is none of the forms when that shows before its first
  /// field is read: a sign, a space at either end, digits of another script, a hexadecimal,
  /// fractional or exponent number. Without this each would be "the year needs 4 digits".
  static func oddForm(_ text: String) -> Refusal? {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, let last = scalars.last else {
      return Refusal("it is empty")
    }
    if first == "+" || first == "-" {
      return Refusal(
        "a sign ('\(first)') is not allowed: Unix seconds are decimal digits only (0-9),"
          + " and a date starts with its 4-digit year")
    }
    if first.properties.isWhitespace || last.properties.isWhitespace {
      return Refusal("it has a space at its \(first.properties.isWhitespace ? "start" : "end")")
    }
    let isASCIIDigit = { ("0"..."9").contains($0) } as (Unicode.Scalar) -> Bool
    if let foreign = scalars.first(where: { $0.properties.numericType != nil && !isASCIIDigit($0) })
    {
      return Refusal(
        "'\(foreign)' (U+\(String(foreign.value, radix: 16, uppercase: true))) is not an ASCII"
          + " digit; only 0-9 are read")
    }
    let leading = scalars.prefix(while: isASCIIDigit).count
    // A 4-digit start is a year: the date's own reader says what follows it.
    guard leading > 0, leading != 4, leading < scalars.count else { return nil }
    switch scalars[leading] {
    case "x", "X":
      guard text.hasPrefix("0") && leading == 1 else { return nil }
      return Refusal("a hexadecimal number is not read; Unix seconds are decimal digits")
    case ".":
      return Refusal("Unix seconds are whole seconds, without a fraction")
    case "e", "E":
      return Refusal("an exponent is not read; Unix seconds are decimal digits, written out")
    default:
      return nil
    }
  }
}

/// Reads a time left to right, ASCII only: `Character.isNumber` would take digits of other
/// scripts.
private struct TimeScanner {
  private let scalars: [Unicode.Scalar]
  private var index = 0

  init(_ text: String) { scalars = Array(text.unicodeScalars) }

  var isAtEnd: Bool { index == scalars.count }
  var isAllDigits: Bool { !scalars.isEmpty && scalars.allSatisfy(Self.isDigit) }
  var rest: String { String(String.UnicodeScalarView(scalars[index...])) }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

  /// Exactly `count` digits.
  mutating func digits(_ count: Int, _ field: String) throws(TimeArgument.Refusal) -> Int {
    var value = 0
    for _ in 0..<count {
      guard index < scalars.count, Self.isDigit(scalars[index]) else {
        throw TimeArgument.Refusal("the \(field) needs \(count) digits")
      }
      value = value * 10 + Int(scalars[index].value - 48)
      index += 1
    }
    return value
  }

  /// One digit or more, as text.
  mutating func digitRun(_ field: String) throws(TimeArgument.Refusal) -> String {
    let start = index
    while index < scalars.count, Self.isDigit(scalars[index]) { index += 1 }
    guard index > start else { throw TimeArgument.Refusal("no digits in the \(field)") }
    return String(String.UnicodeScalarView(scalars[start..<index]))
  }

  mutating func skip(_ scalar: Unicode.Scalar) -> Bool {
    guard index < scalars.count, scalars[index] == scalar else { return false }
    index += 1
    return true
  }

  mutating func expect(_ scalar: Unicode.Scalar, after place: String)
    throws(TimeArgument.Refusal)
  {
    guard skip(scalar) else {
      throw TimeArgument.Refusal(
        isAtEnd ? "it ends after \(place)" : "'\(rest)' follows \(place)")
    }
  }

  /// `Z` or `+HH:MM` / `-HH:MM` after a time of day, in seconds east of UTC.
  mutating func offset() throws(TimeArgument.Refusal) -> Int {
    if skip("Z") { return 0 }
    let sign: Int
    if skip("+") {
      sign = 1
    } else if skip("-") {
      sign = -1
    } else {
      throw TimeArgument.Refusal(
        isAtEnd
          ? "the time has no UTC offset (end it with Z or +HH:MM)"
          : "'\(rest)' follows the time (end it with Z or +HH:MM)")
    }
    let hours = try digits(2, "offset's hour")
    try expect(":", after: "the offset's hour (+HH:MM)")
    let minutes = try digits(2, "offset's minute")
    guard hours <= 23, minutes <= 59 else {
      let offset = PrintfText.make("%02ld:%02ld", hours, minutes)
      throw TimeArgument.Refusal("there is no UTC offset of \(offset) (at most 23:59)")
    }
    return sign * (hours * 3600 + minutes * 60)
  }
}

/// The proleptic Gregorian calendar, as ISO 8601 counts it.
enum CivilDate {
  static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  static func daysIn(month: Int, of year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days from 1970-01-01 to the date (negative before it), counting whole years, then whole
  /// months of the year.
  static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
    // Days before `year` since year 1, in four-century, century and four-year cycles.
    func daysBefore(_ year: Int) -> Int {
      let y = year - 1
      return y * 365 + y / 4 - y / 100 + y / 400
    }
    var days = daysBefore(year) - daysBefore(1970)
    for earlier in stride(from: 1, to: month, by: 1) { days += daysIn(month: earlier, of: year) }
    return days + day - 1
  }
}
