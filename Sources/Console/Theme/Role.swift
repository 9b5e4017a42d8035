/// What a piece of the screen means. Panes say what they draw; a theme says how each meaning
/// looks. The raw values are the names used in theme files.
public enum Role: String, Sendable, CaseIterable, Hashable {
  case normal
  case header
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
