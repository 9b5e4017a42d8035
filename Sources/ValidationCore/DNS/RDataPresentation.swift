extension RData {
  /// Presentation form of the data, as a zone file shows it.
  // TODO: the DNS codec work replaces this with the real per-type formatter; until then the
  // debug form is shown, which matters only to tests of zone-file printing.
  public var presentation: String { String(describing: self) }
}
