extension FindingCatalog {
  /// Findings of the Lab area.
  static let labEntries: [Entry] = []
}
