/// How many trust anchors danescope lets libunbound load (Docs/Decisions.md, D-resolver-7).
/// libunbound 1.17's load time grows with the square of one zone's anchor records (measured on
/// the build machine: 10,000 DS records of the root in 0.4-0.6 s, 20,000 in 1.3-2 s, 40,000 in
/// over 5 s, 300,000 not within the 60 s BoundedWait gives it), and a configuration that names one
/// file on many lines has it loaded once for each line. A real anchor set has 1 to 3 records for
/// the root and a few hundred at most for a lab or an enterprise: the bounds are far above that,
/// and keep loading well inside the wait.
enum TrustAnchorBounds {
  /// Records of any type in the anchor texts of one configuration (a `--trust-anchor` file, or
  /// all the anchor files and `trust-anchor:` values of a `--resolver-conf` file together, a
  /// file counted once for each line that names it, since libunbound loads it that often).
  static let maximumRecords = 10_000
  /// Octets of the anchor files of one `--resolver-conf` file together, counted the same way
  /// (one `--trust-anchor` file has the resolver files' bound, the same figure).
  static let maximumBytes = UnboundContext.maximumFileSize

  /// Why there is a bound, for the errors.
  static let reason =
    "libunbound's loading time grows with the square of a zone's anchor records (40,000 take it"
    + " over 5 s), and a real anchor set has a few hundred at most"

  /// The error for anchors that pass the record bound at `error` (the first record past it)
  /// in `source`: `total` says the configuration's anchors together passed it.
  static func recordsError(
    _ source: TrustAnchorUsability.Source, at error: ZoneFileError, isTotal: Bool
  ) -> ResolverConfigurationError {
    let what =
      isTotal
      ? "the trust anchors of this configuration (its anchor files, each once for every line"
        + " that names it, and its trust-anchor: lines) pass \(maximumRecords) records here"
      : "more than \(maximumRecords) trust anchor records"
    return source.error(
      .rejected, line: error.line,
      message: "\(what), more than danescope lets libunbound load (\(reason))")
  }

  /// The error for a file read before whose records, once more, bring the configuration's to
  /// `total`.
  static func repeatedRecordsError(
    _ source: TrustAnchorUsability.Source, total: Int
  ) -> ResolverConfigurationError {
    source.error(
      .rejected,
      message:
        "named again, its \(source.recordCount) records bring the trust anchors of this"
        + " configuration to \(total) (libunbound loads a file once for each line that names"
        + " it), more than the \(maximumRecords) danescope lets libunbound load (\(reason))")
  }

  /// The error for an anchor file of `size` octets that brings the configuration's anchor files
  /// to `total` octets.
  static func bytesError(
    _ reference: UnboundNamedFiles.Reference, size: Int, total: Int
  ) -> ResolverConfigurationError {
    ResolverConfigurationError(
      .rejected, file: reference.configFile, line: reference.line,
      message:
        "\(reference.keyword) \(reference.name): its \(size) octets bring the trust anchor files"
        + " of this configuration to \(total) octets (a file counted once for each line that"
        + " names it, as libunbound reads it that often), more than the"
        + " \(maximumBytes >> 20) MiB danescope reads")
  }
}
