import ValidationCore

/// Zone text as the lab writes it: ValidationCore's zone-file form, with a header line.
enum LabZoneText {
  static func format(_ records: [ResourceRecord], origin: DNSName) -> String {
    "; danescope lab zone \(origin)\n" + ZoneFile.format(records, ldnsComments: false)
  }

  static func line(_ record: ResourceRecord) -> String { record.description }
}
