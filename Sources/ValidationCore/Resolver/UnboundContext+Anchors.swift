import FoundationEssentials
import Glibc

/// The trust anchor file libunbound is given for `--trust-anchor` or the system resolver: read
/// once, by danescope, and handed over as a private copy of that text (Docs/Decisions.md,
/// D-resolver-4).
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

  /// Writes `text` to the file `name` in the resolver's private folder (made on first use) and
  /// returns its path: the generated configuration, and the private copy of an anchor file that
  /// libunbound reads instead of the user's file, so that it reads exactly the text danescope
  /// read (a file replaced between the two readings, by other records or by a FIFO that would
  /// block libunbound's read, cannot give it other anchors than the engine's; Docs/Decisions.md,
  /// D-resolver-4). Under the scratch lock: a signal's clean-up waits for the file to be whole.
  static func writeScratch(_ text: String, named name: String, in scratch: inout URL?)
    throws(ResolverConfigurationError) -> String
  {
    try ResolverScratchFolders.lock.withLock { () throws(ResolverConfigurationError) -> String in
      let file = try makeScratch(&scratch).appendingPathComponent(name).path
      // A new file in a new folder only this process can enter: no one sees it half written.
      let problem = OutputFile.write(text, to: file, flags: O_EXCL | O_NOFOLLOW, mode: 0o600)
      guard problem == 0 else {
        if let full = TemporaryFolder.fullFolderProblem(file, code: problem) {
          throw ResolverConfigurationError(full)
        }
        throw ResolverConfigurationError(
          .rejected, file: file,
          message: "cannot write \(name) for libunbound: \(String(cString: strerror(problem)))")
      }
      return file
    }
  }
}
