import CUnbound

/// The trust anchor file libunbound is given for `--trust-anchor` or the system resolver: read
/// once, by danescope, and handed over record by record (Docs/Decisions.md, D-resolver-4).
extension UnboundContext {
  /// The root.key file a setup gives libunbound (the system resolver's anchor), checked and
  /// read as a `--trust-anchor` file is; nil when the setup names none.
  static func readAnchorFile(of setup: UnboundSetup) throws(ResolverConfigurationError)
    -> TrustAnchorUsability.Source?
  {
    for case .trustAnchorFile(let path) in setup.steps {
      try checkFile(path, role: "trust anchor file")
      return try checkHoldsAnchor(path)
    }
    return nil
  }

  /// Gives libunbound the anchor records of a file as danescope read them, one `ub_ctx_add_ta`
  /// each (the records libunbound ignores in a file, of another class than IN, left out), so
  /// that it does not open the file again: a file replaced between the two readings (by other
  /// records, or by a FIFO that would block libunbound's read) cannot give it other anchors
  /// than the engine's (Docs/Decisions.md, D-resolver-4).
  static func addAnchors(
    _ anchors: [TrustAnchorText.Anchor], from path: String, to handle: OpaquePointer
  ) throws(ResolverConfigurationError) {
    for anchor in anchors where anchor.ignored == nil {
      let record = anchor.record
      guard record.type == .ds || record.type == .dnskey else { continue }
      let text = "\(record.name) \(record.ttl) IN \(record.type) \(record.rdata.presentation)"
      let code = ub_ctx_add_ta(handle, text)
      guard code != 0 else { continue }
      let said = UnboundLog.shared.takeCaptured()
      throw ResolverConfigurationError(
        .rejected, file: path, line: anchor.line,
        message: "libunbound refused the trust anchor record: \(describe(code, said))")
    }
  }
}
