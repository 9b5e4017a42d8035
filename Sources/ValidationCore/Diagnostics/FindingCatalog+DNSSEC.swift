extension FindingCatalog {
  /// Findings of the DNSSEC area.
  static let dnssecEntries: [Entry] = []
}
