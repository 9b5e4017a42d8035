import Foundation

/// `--at TIME`: a full ISO 8601 time (`2026-12-04T16:00:00Z`), an ISO 8601 date (`2026-12-04`,
/// midnight UTC) or Unix seconds. Only times from 1970 to the end of year 9999 are accepted:
/// every clock reader (RRSIG serial arithmetic, X.509 times) can represent them, while NaN,
/// infinities and values such as 1e300 cannot be turned into an integer time at all.
public enum TimeArgument {
  /// 9999-12-31T23:59:59Z, the last second an X.509 GeneralizedTime can hold.
  public static let latest = Date(timeIntervalSince1970: 253_402_300_799)
  public static let earliest = Date(timeIntervalSince1970: 0)

  public static func parse(_ text: String, argument: Int? = nil) throws(UsageError) -> Date {
    guard let date = read(text) else {
      throw UsageError(
        "--at '\(text)' is not an ISO 8601 time (2026-12-04T16:00:00Z), an ISO 8601 date"
          + " (2026-12-04, midnight UTC) or Unix seconds",
        at: argument)
    }
    guard date >= earliest, date <= latest else {
      throw UsageError(
        "--at '\(text)' is outside the times danescope can judge"
          + " (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)",
        at: argument)
    }
    return date
  }

  private static func read(_ text: String) -> Date? {
    if let seconds = TimeInterval(text) {
      return seconds.isFinite ? Date(timeIntervalSince1970: seconds) : nil
    }
    let full = ISO8601DateFormatter()
    if let date = full.date(from: text) { return date }
    let dateOnly = ISO8601DateFormatter()
    dateOnly.formatOptions = [.withFullDate]
    return dateOnly.date(from: text)
  }
}
