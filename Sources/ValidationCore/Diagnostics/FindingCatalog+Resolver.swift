extension FindingCatalog {
  /// Findings of the Resolver area.
  static let resolverEntries: [Entry] = []
}
