extension FindingCatalog {
  /// Findings of the DANE area.
  static let daneEntries: [Entry] = []
}
