import FoundationEssentials
import Glibc
import Lab
import ValidationCore

/// `danescope lab list | show NAME | export DIR | serve`: the embedded lab on its own, so that a
/// learner can read the scenarios and compare danescope with other tools on the same zones.
enum LabCommand {
  static func run(_ arguments: [String], _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    let clock = LabSession.clock(parsed, output: output)
    guard let clock else { return .usage }
    // Where each word after `lab` was typed (options may stand between them): the first word
    // one too many is the argument at fault.
    let places = Array(parsed.positionalPositions.dropFirst())
    func extra(_ allowed: Int) -> Int? { places.dropFirst(allowed).first }
    switch arguments.first ?? "list" {
    case "list":
      guard arguments.count <= 1 else {
        return usage("'lab list' takes no argument", at: extra(1), output)
      }
      output.print(LabText.list(Lab.scenarios))
      return .ok
    case "show":
      guard arguments.count == 2 else {
        return usage("'lab show' needs one scenario name", at: extra(2), output)
      }
      guard let scenario = Lab.scenario(named: arguments[1]) else {
        // NAME is the third word of `lab show NAME`, wherever options stand.
        let place = parsed.positionalPositions.dropFirst(2).first
        let problem = "\(LabError.unknownScenario(arguments[1])); see 'danescope lab list'"
        output.usageError(UsageError(problem, at: place))
        return .usage
      }
      output.print(LabText.show(scenario))
      return .ok
    case "export":
      guard arguments.count == 2 else {
        return usage("'lab export' needs one folder", at: extra(2), output)
      }
      return export(to: arguments[1], parsed, clock: clock, output: output)
    case "serve":
      guard arguments.count == 1 else {
        return usage("'lab serve' takes no argument", at: extra(1), output)
      }
      return await LabServeCommand.run(parsed, clock: clock, output: output)
    default:
      return usage(
        "unknown lab command '\(arguments[0])' (list, show, export, serve)", at: places.first,
        output)
    }
  }

  private static func usage(_ message: String, at place: Int?, _ output: TextOutput) -> ExitCode {
    output.usageError(UsageError(message, at: place))
    return .usage
  }

  /// Why `path` cannot take an export, or nil. The path is written into the exported
  /// unbound.conf as a quoted string, which has no escapes: a quote, a newline or another
  /// control character in it would make that file unreadable (or say something else). A
  /// pattern character (`* ? [ { ~`) would make unbound read the names of the files in it as
  /// file-name patterns, as libunbound would a `--resolver-conf` name (refused the same way).
  static func exportFolderProblem(_ path: String) -> String? {
    if path.unicodeScalars.contains(where: {
      $0 == "\"" || $0.properties.generalCategory == .control
    }) {
      return "'\(path)' contains a quote or a control character, which the exported"
        + " unbound.conf cannot hold; choose a plainer folder name"
    }
    if let pattern = path.first(where: TemporaryFolder.patternCharacters.contains) {
      return "'\(path)' contains '\(pattern)', which unbound reads as a file-name pattern in"
        + " the exported unbound.conf (it would load the files that match, or none); give a"
        + " folder without * ? [ { ~"
    }
    var isFolder = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
    guard isFolder else {
      return "'\(path)' exists and is not a folder; give a new folder"
    }
    if let contents = try? FileManager.default.contentsOfDirectory(atPath: path),
      !contents.isEmpty
    {
      return "'\(path)' is not empty; give a new folder"
    }
    return nil
  }

  /// What is wrong with a `--listen` value (or a lab command's `--port`), naming the option
  /// once: a `badValue` names it already.
  static func listenProblem(_ error: LabError) -> String {
    if case .badValue = error { return error.description }
    return "--listen: \(error)"
  }

  /// Writes the lab into a new (or empty) folder.
  private static func export(
    to path: String, _ parsed: ParsedArguments, clock: Clock, output: TextOutput
  ) -> ExitCode {
    let listen: LabListenAddress
    do {
      listen = try LabListenAddress(
        parsing: parsed.value("--listen") ?? LabListenAddress.defaultResolver.description,
        defaultPort: LabListenAddress.defaultResolver.port)
    } catch {
      output.usageError(
        UsageError("lab export: \(listenProblem(error))", at: parsed.position(of: "--listen")))
      return .usage
    }
    // DIR is the third word of `lab export DIR`, wherever options stand.
    let place = parsed.positionalPositions.dropFirst(2).first
    guard !path.isEmpty else {
      output.usageError(UsageError("lab export needs a folder name, not ''", at: place))
      return .usage
    }
    let folder = URL(fileURLWithPath: path).standardizedFileURL
    if let problem = exportFolderProblem(folder.path) {
      output.usageError(UsageError("lab export: \(problem)", at: place))
      return .usage
    }
    // The folder itself is made here (mode 0700: it will hold private keys); its parent must exist.
    let made = mkdir(folder.path, 0o700) == 0
    if !made && errno != EEXIST {
      let why = String(cString: strerror(errno))
      output.error(
        ArgumentText.bounded(
          "danescope: lab export: cannot create '\(LabText.shown(folder.path))': \(why)"))
      return .usage
    }
    do {
      let build = try Lab.build(clock: clock)
      LabSession.warnAboutKeyCache(build, output: output)
      try build.write(to: folder, listen: listen)
      output.print(LabText.exported(build, folder: folder, listen: listen))
      return .ok
    } catch {
      // Half a lab is worse than none (its unbound.conf would name missing files): what was
      // written goes, and the folder too when it was made here. It was empty before.
      removeExport(folder, madeHere: made)
      output.error(
        ArgumentText.bounded(
          "danescope: lab export to '\(LabText.shown(folder.path))' failed:"
            + " \(ArgumentText.escapingControls(error.description))"
            + (made ? "; the folder was removed" : "; what was written was removed")))
      return .incomplete
    }
  }

  /// Removes what a failed export wrote into `folder` (empty before it, `exportFolderProblem`),
  /// and `folder` itself when `madeHere`. A link in it is removed, not followed.
  private static func removeExport(_ folder: URL, madeHere: Bool) {
    let files = FileManager.default
    if madeHere {
      try? files.removeItem(at: folder)
      return
    }
    for name in (try? files.contentsOfDirectory(atPath: folder.path)) ?? [] {
      try? files.removeItem(at: folder.appendingPathComponent(name))
    }
  }
}

/// The lab as the other commands use it (`--lab`): the clock they judge with, and the running
/// lab with its resolver and probe settings.
public enum LabSession {
  /// `--at TIME` or the system clock; nil (after printing why) when TIME cannot be read or is
  /// too late for the lab's certificates (Lab.latestClockTime).
  static func clock(_ parsed: ParsedArguments, output: TextOutput) -> Clock? {
    guard let text = parsed.value("--at") else { return SystemClock() }
    do throws(UsageError) {
      let date = try TimeArgument.parse(text)
      guard date <= Lab.latestClockTime else {
        let latest = UTCTimestamp.text(Lab.latestClockTime)
        throw UsageError(
          "--at '\(text)' is too late for the lab: its CA certificate is valid for 10 years"
            + " from the clock and X.509 times end at 9999-12-31T23:59:59Z, so the lab runs at"
            + " times from 1970-01-01T00:00:00Z to \(latest)", at: parsed.position(of: "--at"))
      }
      return FixedClock(date)
    } catch {
      output.usageError(error)
      return nil
    }
  }
}

extension LabSession {
  /// For `--lab`: starts the lab (signatures valid around now) and points `options` at its zones
  /// as in-process auth-zones with the lab root as the only trust anchor. The caller stops it.
  /// A signal from here on removes the lab's folder before the process ends (FolderSignalCleanup).
  static func start(into options: inout ResolverOptions, output: TextOutput) async throws(LabError)
    -> RunningLab
  {
    FolderSignalCleanup.install()
    let lab = try await Lab.start(clock: SystemClock())
    warnAboutKeyCache(lab.build, output: output)
    options.configuration = lab.resolverConfiguration
    return lab
  }

  /// The lab's keys could not be kept (Docs/Lab.md): one line on stderr, so that a trust
  /// anchor that differs from the last run's is not a surprise.
  static func warnAboutKeyCache(_ build: LabBuild, output: TextOutput) {
    guard let warning = build.keyCacheWarning else { return }
    output.error(ArgumentText.echoed("danescope: warning: " + warning))
  }

  /// Which names `--lab` takes besides a scenario's short name.
  enum NameScope {
    /// `check` and the console: a scenario's domain or a name below one.
    case mailDomain
    /// `chain`: any name the lab's zones can answer for, the root, `example.` and below it.
    case labZones
  }

  /// For `--lab`: a scenario's short name (`ee-valid`) stands for its domain
  /// (`ee-valid.example.`); another name is kept as typed when it is in `scope`, and refused
  /// otherwise (a mistyped scenario name would be looked up as a name the lab has not got).
  static func name(
    _ typed: String, parsed name: DNSName, scope: NameScope, at argument: Int? = nil
  ) throws(UsageError) -> DNSName {
    if let scenario = Lab.scenario(named: typed) { return scenario.domain }
    let isInScope: Bool
    switch scope {
    case .mailDomain:
      isInScope = Lab.scenarios.contains { name.isSubdomain(of: $0.domain) }
    case .labZones:
      isInScope = name.isRoot || name.isSubdomain(of: Lab.tld)
    }
    guard isInScope else {
      // `chain` takes any name of the lab's zones, so it says the name is not in them; `check`
      // and the console take scenarios, so they say no scenario has that name.
      let (problem, wanted) =
        scope == .mailDomain
        ? ("no lab scenario is named '\(typed)'", "a scenario's name or domain")
        : ("no lab zone holds '\(typed)'",
          "a scenario's name or a name in the lab's zones (\(Lab.tld) and below)")
      throw UsageError(
        "\(problem): with --lab give \(wanted); 'danescope lab list' lists the scenarios",
        at: argument)
    }
    return name
  }
}
