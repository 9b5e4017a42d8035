/// What a piece of the screen means. Panes say what they draw; a theme says how each meaning
/// looks. The raw values are the names used in theme files.
public enum Role: String, Sendable, CaseIterable, Hashable {
  case normal
  case header
  /// Status words in the header bar: their own roles, so that a theme keeps the bar's
  /// background under them (a pane's "secure" is drawn on the pane's background).
  case headerSecure = "header-secure"
  case headerInsecure = "header-insecure"
  case headerBogus = "header-bogus"
  case headerIndeterminate = "header-indeterminate"
  case headerPending = "header-pending"
  case headerWarning = "header-warning"
  case headerDim = "header-dim"
  case border
  case title
  case tab
  case tabActive = "tab-active"
  case selected
  case selectedInactive = "selected-inactive"
  case dim
  case secure
  case insecure
  case bogus
  case indeterminate
  case pending
  case warning
  case error
  case advice
  case info
  case keyName = "key-name"
  case keyHint = "key-hint"
  case status
  case statusError = "status-error"
  case prompt
  case searchMatch = "search-match"
  case sent
  case received
  case tls
}

extension Role {
  /// The role a status word takes in the header bar.
  public var inHeader: Role {
    switch self {
    case .secure: return .headerSecure
    case .insecure: return .headerInsecure
    case .bogus, .error: return .headerBogus
    case .indeterminate: return .headerIndeterminate
    case .pending: return .headerPending
    case .warning: return .headerWarning
    case .dim: return .headerDim
    default: return .header
    }
  }

  /// A header status role a theme leaves out looks like the header itself.
  var isInHeader: Bool { rawValue.hasPrefix("header-") }
}
