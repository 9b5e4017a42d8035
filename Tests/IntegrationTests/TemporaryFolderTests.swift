import Foundation
import XCTest

/// A TMPDIR danescope cannot use: libunbound 1.17 reads a configuration file name holding
/// `*`, `?`, `[`, `{` or `~` as a pattern (the lab's generated unbound.conf lives in TMPDIR: a
/// folder name that matches itself made libunbound glob until its stack ran out, and the
/// process died of SIGSEGV with the lab's keys left behind); a quote or a control character
/// cannot be written into that unbound.conf; bytes that are not UTF-8 were read as U+FFFD by
/// Foundation, which made the folder elsewhere. Each is refused before any folder is made,
/// with exit status 3, naming TMPDIR and what to do (Docs/Decisions.md, D-resolver-6). Each
/// test makes its own folder under /tmp with the crafted names.
final class TemporaryFolderTests: XCTestCase {
  static let remedy =
    "set TMPDIR to a folder whose path is UTF-8 and has none of * ? [ { ~ \" or control"
    + " characters"

  func testPatternCharactersInTMPDIRStopTheLabWithAClearError() throws {
    let base = try TemporaryDirectory("danescope-tmpdir-pattern")
    for (name, character) in [
      ("s*", "*"), ("q?", "?"), ("b[x]", "["), ("c{d,e}", "{"), ("a~b", "~"),
    ] {
      let tmpdir = try makeFolder(base, name)
      let result = try run(["chain", "--lab", "ee-valid"], tmpdir: tmpdir)
      XCTAssertEqual(result.status, 3, "\(name): \(result.stderr)")
      XCTAssertEqual(
        result.stderr,
        "danescope: could not start the lab: the temporary folder cannot be used: '\(tmpdir)'"
          + " (TMPDIR) contains '\(character)', which libunbound reads as a file-name pattern in"
          + " the names of the files danescope hands it from there; \(Self.remedy)\n", name)
      XCTAssertEqual(result.stdout, "", name)
      XCTAssertEqual(try contents(tmpdir), [], "\(name): something was left behind")
    }
  }

  /// `"` and control characters cannot be written into the generated unbound.conf: once they
  /// were replaced by `?` and the run failed with "cannot open zonefile". A line break in
  /// TMPDIR could also add lines to what `lab serve` prints; the error shows it escaped.
  func testQuotesAndControlCharactersInTMPDIRAreRefused() throws {
    let base = try TemporaryDirectory("danescope-tmpdir-control")
    for (name, shown, what) in [
      ("q\"x", "q\"x", "a quote (\")"),
      ("nl\nval-permissive-mode: yes", "nl\\010val-permissive-mode: yes",
       "the control character \\010"),
      ("esc\u{1B}]0;title\u{07}", "esc\\027]0;title\\007", "the control character \\027"),
    ] {
      let tmpdir = try makeFolder(base, name)
      let shownFolder = base.url.path + "/" + shown
      let serve = ["lab", "serve", "--listen", "127.0.0.1@\(try FreePort.next())"]
      for command in [["check", "--lab", "ee-valid"], serve] {
        let result = try run(command, tmpdir: tmpdir)
        XCTAssertEqual(result.status, 3, "\(command) \(shown): \(result.stderr)")
        let start =
          command[0] == "lab"
          ? "danescope: lab serve could not start" : "danescope: could not start the lab"
        XCTAssertEqual(
          result.stderr,
          "\(start): the temporary folder cannot be used: '\(shownFolder)' (TMPDIR) contains"
            + " \(what), which the unbound.conf danescope writes there cannot hold;"
            + " \(Self.remedy)\n", "\(command) \(shown)")
        XCTAssertEqual(result.stdout, "", "\(command) \(shown)")
        XCTAssertEqual(try contents(tmpdir), [], "\(command) \(shown): something was left behind")
      }
    }
  }

  /// TMPDIR's own bytes are read: `bad\377\376` is not UTF-8, and Foundation would have made
  /// the folder in `bad\u{FFFD}\u{FFFD}`, outside the folder the user named.
  func testTMPDIRThatIsNotUTF8IsRefused() throws {
    let base = try TemporaryDirectory("danescope-tmpdir-bytes")
    let lookalike = try makeFolder(base, "bad\u{FFFD}\u{FFFD}")
    // The shell makes the folder and sets TMPDIR from printf's bytes.
    let script =
      "t=\"$(printf '%s/bad\\377\\376' \"$1\")\"; mkdir \"$t\" && TMPDIR=\"$t\" exec \"$2\" \"$3\""
      + " --lab \"$4\""
    for command in ["chain", "check"] {
      let result = try TestProcess.run(
        "/bin/sh",
        ["-c", script, "sh", base.url.path, DanescopeBinary.url.path, command, "ee-valid"],
        timeout: 60)
      XCTAssertEqual(result.status, 3, "\(command): \(result.stderr)")
      XCTAssertEqual(
        result.stderr,
        "danescope: could not start the lab: the temporary folder cannot be used:"
          + " '\(base.url.path)/bad\\255\\254' (TMPDIR) is not valid UTF-8; \(Self.remedy)\n",
        command)
      XCTAssertEqual(try contents(lookalike), [], "\(command): the folder went elsewhere")
      let raw = try TestProcess.run(
        "/bin/sh", ["-c", "ls -A \"$(printf '%s/bad\\377\\376' \"$1\")\"", "sh", base.url.path],
        timeout: 10)
      XCTAssertEqual(raw.status, 0, raw.stderr)
      XCTAssertEqual(raw.stdout, "", "\(command): something was left behind")
      _ = try TestProcess.run(
        "/bin/sh", ["-c", "rmdir \"$(printf '%s/bad\\377\\376' \"$1\")\"", "sh", base.url.path],
        timeout: 10)
    }
  }

  /// A TMPDIR that does not exist: the lab and the resolver both name it and TMPDIR, with the
  /// system's reason, and both end with exit status 3.
  func testMissingTMPDIRIsNamedByTheLabAndTheResolver() throws {
    let base = try TemporaryDirectory("danescope-tmpdir-missing")
    let missing = base.url.path + "/missing"
    let anchor = try base.write("ta.ds", Self.rootDS)
    let port = try FreePort.next()
    let reason =
      "the temporary folder cannot be used: '\(missing)' (TMPDIR) cannot hold a private folder:"
      + " No such file or directory; set TMPDIR to a folder you can write to\n"
    let lab = try run(["chain", "--lab", "ee-valid"], tmpdir: missing)
    XCTAssertEqual(lab.status, 3, lab.stderr)
    XCTAssertEqual(lab.stderr, "danescope: could not start the lab: " + reason)
    let resolver = try run(
      [
        "chain", "example.org", "--forwarder", "127.0.0.1@\(port)", "--trust-anchor", anchor.path,
        "--timeout", "1",
      ], tmpdir: missing)
    XCTAssertEqual(resolver.status, 3, resolver.stderr)
    XCTAssertEqual(resolver.stderr, "danescope: " + reason)
    // The console builds its resolver before curses starts: the same line, the same status.
    let console = try run(
      ["example.org", "--forwarder", "127.0.0.1@\(port)", "--trust-anchor", anchor.path],
      tmpdir: missing)
    XCTAssertEqual(console.status, 3, console.stderr)
    XCTAssertEqual(console.stderr, "danescope: " + reason)
    XCTAssertEqual(console.stdout, "")
    XCTAssertEqual(try contents(base.url.path), ["ta.ds"])
  }

  /// A full temporary folder (a 16 KiB tmpfs in a private mount namespace, filled up for the
  /// resolver): the lab and the resolver name the folder, TMPDIR and the system's reason, where
  /// they once said `cannot write file (errno 28)` and, for the resolver, exit status 2.
  func testFullTMPDIRIsNamedWithTheSystemsReason() throws {
    let base = try TemporaryDirectory("danescope-tmpdir-full")
    let full = try makeFolder(base, "full")
    let anchor = try base.write("ta.ds", Self.rootDS)
    let port = try FreePort.next()
    let script =
      "mount -t tmpfs -o size=16k tmpfs \"$1\" || exit 99; mode=$2; shift 2;"
      + " if [ $mode = fill ]; then head -c 1000000 /dev/zero 2>/dev/null > \"$TMPDIR/fill\"; fi;"
      + " \"$@\"; status=$?; ls -A \"$TMPDIR\" >&2; exit $status"
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = full
    let lab = try TestProcess.run(
      "unshare", ["-m", "--propagation", "private", "sh", "-c", script, "sh", full, "run",
        DanescopeBinary.url.path, "chain", "--lab", "ee-valid"], environment: environment)
    XCTAssertEqual(lab.status, 3, lab.stderr)
    let start =
      "danescope: could not start the lab: the temporary folder cannot be used: '\(full)'"
      + " (TMPDIR) cannot hold the file \(full)/danescope-lab-"
    XCTAssertTrue(lab.stderr.hasPrefix(start), lab.stderr)
    // What is left in the folder follows the message: nothing.
    XCTAssertTrue(
      lab.stderr.hasSuffix(
        ": No space left on device; free space there, or set TMPDIR to a folder you can write"
          + " to\n"), lab.stderr)
    let resolver = try TestProcess.run(
      "unshare", ["-m", "--propagation", "private", "sh", "-c", script, "sh", full, "fill",
        DanescopeBinary.url.path, "chain", "example.org", "--forwarder", "127.0.0.1@\(port)",
        "--trust-anchor", anchor.path, "--timeout", "1"], environment: environment)
    XCTAssertEqual(resolver.status, 3, resolver.stderr)
    XCTAssertTrue(
      resolver.stderr.hasPrefix(
        "danescope: the temporary folder cannot be used: '\(full)' (TMPDIR) cannot hold"),
      resolver.stderr)
    // Only the test's own filler is left.
    XCTAssertTrue(
      resolver.stderr.hasSuffix(
        ": No space left on device; free space there, or set TMPDIR to a folder you can write"
          + " to\nfill\n")
        || resolver.stderr.hasSuffix(
          " cannot hold a private folder: No space left on device; set TMPDIR to a folder you"
            + " can write to\nfill\n"), resolver.stderr)
  }

  /// `--resolver-conf` with a pattern character in its name: libunbound would load the files
  /// that match (here, `c[ab]` matches the folder `ca` and its other configuration), or glob
  /// its own match until the stack ran out (`s*`). Refused, naming the file, exit status 2.
  func testResolverConfNamedWithAPatternIsRefused() throws {
    let base = try TemporaryDirectory("danescope-resolver-conf-pattern")
    let conf = "server:\n  do-not-query-address: 0.0.0.0/0\n  do-not-query-address: ::/0\n"
    for (name, character) in [("s*", "*"), ("c[ab]", "[")] {
      let folder = try makeFolder(base, name)
      try conf.write(toFile: folder + "/x.conf", atomically: true, encoding: .utf8)
      if name == "c[ab]" {
        let other = try makeFolder(base, "ca")
        try "server:\n  module-config: \"iterator\"\n".write(
          toFile: other + "/x.conf", atomically: true, encoding: .utf8)
      }
      let result = try run(
        ["chain", "example.org", "--resolver-conf", folder + "/x.conf", "--timeout", "1"],
        tmpdir: base.url.path)
      XCTAssertEqual(result.status, 2, "\(name): \(result.stderr)")
      XCTAssertEqual(
        result.stderr,
        "danescope: resolver configuration: \(folder)/x.conf: resolver configuration cannot be"
          + " used: its name contains '\(character)', which libunbound reads as a file-name"
          + " pattern (it would load the files that match, or none); give it by a path without"
          + " * ? [ { ~ (rename it, or link to it)\n", name)
    }
    XCTAssertFalse(
      try contents(base.url.path).contains { $0.hasPrefix("danescope-") }, "a folder was left")
  }

  /// The console with such a TMPDIR says why on the terminal as it is and ends with exit
  /// status 3, before curses takes the screen: the terminal is left as it was (no alternate
  /// screen, the cursor shown), and nothing is left in the folder.
  func testConsoleWithAPatternInTMPDIRSaysWhyAndLeavesTheTerminalAlone() throws {
    let base = try TemporaryDirectory("danescope-tmpdir-console")
    let tmpdir = try makeFolder(base, "b[x]")
    let tmux = try TmuxSession(
      ["/usr/bin/env", "TMPDIR=\(tmpdir)", DanescopeBinary.url.path, "--lab"], width: 200,
      height: 20)
    defer { tmux.stop() }
    let screen = try tmux.waitFor("exit status")
    XCTAssertTrue(screen.contains("exit status 3"), screen)
    XCTAssertTrue(
      screen.contains(
        "danescope: could not start the lab: the temporary folder cannot be used: '\(tmpdir)'"
          + " (TMPDIR) contains '['"), screen)
    let modes = try tmux.terminalModes()
    XCTAssertFalse(modes.alternateScreen, "the console left the alternate screen on")
    XCTAssertTrue(modes.cursorVisible, "the console left the cursor hidden")
    XCTAssertEqual(try contents(tmpdir), [])
  }

  // MARK: Helpers

  /// The root zone's KSK-2017 DS record, as a trust anchor file the resolver copies into its
  /// private folder.
  static let rootDS =
    ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"

  private func makeFolder(_ base: TemporaryDirectory, _ name: String) throws -> String {
    let folder = base.url.path + "/" + name
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    return folder
  }

  private func contents(_ folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
  }

  private func run(_ arguments: [String], tmpdir: String) throws -> DanescopeBinary.Result {
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = tmpdir
    return try DanescopeBinary.run(arguments, timeout: 60, environment: environment)
  }
}
