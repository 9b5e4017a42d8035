extension FindingCatalog {
  /// Findings of the SMTP area.
  static let smtpEntries: [Entry] = []
}
