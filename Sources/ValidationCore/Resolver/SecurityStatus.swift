/// What the validating resolver concluded about an answer. Four states, never merged:
///
/// - `secure`: the answer (or its denial) validated from a trust anchor.
/// - `insecure`: validation proved there is no chain to check (an unsigned delegation, or no
///   trust anchor above the name). The data is usable, but unauthenticated.
/// - `bogus`: a chain should exist and it failed (bad or expired signature, missing DS or
///   DNSKEY, broken denial proof). The data must not be used; `reason` is libunbound's.
/// - `indeterminate`: no answer could be judged: SERVFAIL, timeout, unreachable server,
///   cancellation. This is never "no records".
public enum SecurityStatus: Sendable, Hashable, CustomStringConvertible {
  case secure
  case insecure
  case bogus(reason: String)
  case indeterminate(reason: String)

  /// The one word used in JSON and in text reports.
  public var word: String {
    switch self {
    case .secure: return "secure"
    case .insecure: return "insecure"
    case .bogus: return "bogus"
    case .indeterminate: return "indeterminate"
    }
  }

  /// The reason for bogus and indeterminate, nil otherwise.
  public var reason: String? {
    switch self {
    case .secure, .insecure: return nil
    case .bogus(let reason), .indeterminate(let reason): return reason
    }
  }

  /// True when the answer may be read as data (secure or insecure).
  public var isUsable: Bool {
    switch self {
    case .secure, .insecure: return true
    case .bogus, .indeterminate: return false
    }
  }

  public var isSecure: Bool { self == .secure }

  public var isBogus: Bool {
    if case .bogus = self { return true }
    return false
  }

  public var isIndeterminate: Bool {
    if case .indeterminate = self { return true }
    return false
  }

  public var description: String {
    guard let reason else { return word }
    return "\(word) (\(reason))"
  }
}
