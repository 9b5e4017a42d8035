import FoundationEssentials
import Glibc

/// A time as RFC 3339 / ISO 8601 text in UTC to the second (`2026-03-01T12:00:00Z`), the form
/// ISO8601DateFormatter gives by default. Written out with gmtime_r because making a formatter
/// loaded ICU's calendar and time zone data, which cost milliseconds per report (several
/// formatters a check); the binary no longer links ICU at all (D-build-2). Fractions of a
/// second are dropped, as the formatter drops them: the second shown is the one the instant is
/// in, never the next.
public enum UTCTimestamp {
  /// Seconds from 1970-01-01 to 2001-01-01, the Date's own reference.
  static let referenceSince1970: time_t = 978_307_200

  public static func text(_ date: Date) -> String {
    // Truncated from the interval the Date holds: `timeIntervalSince1970` adds the two in a
    // Double, which can round an instant just before a second up to that second.
    var seconds = time_t(date.timeIntervalSinceReferenceDate.rounded(.down)) + referenceSince1970
    var fields = tm()
    let year = gmtime_r(&seconds, &fields) == nil ? -1 : Int(fields.tm_year) + 1900
    // Outside four-digit years (no certificate or signature date is), FoundationEssentials'
    // ISO 8601 style: as ISO8601DateFormatter wrote them from year 10000 on; before 1 BC it
    // writes a signed year (`-0001`) where the formatter wrote the year of the era.
    guard (0...9999).contains(year) else { return date.formatted(Date.ISO8601FormatStyle()) }
    return digits(year, 4) + "-" + digits(Int(fields.tm_mon) + 1, 2) + "-"
      + digits(Int(fields.tm_mday), 2) + "T" + digits(Int(fields.tm_hour), 2) + ":"
      + digits(Int(fields.tm_min), 2) + ":" + digits(Int(fields.tm_sec), 2) + "Z"
  }

  private static func digits(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
