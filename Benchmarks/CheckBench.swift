import Foundation

/// `danescope check` beside Postfix's `posttls-finger -l dane` on the same lab domain with two MX
/// hosts (`two-mx.example.`), through the same validating unbound, in the same run.
///
/// Everything runs inside a private network namespace the bench creates and deletes: the lab's
/// DNS and STARTTLS servers (`danescope lab serve`), and an unbound on 127.0.0.1:53 forwarding to
/// the lab and validating with the lab's trust anchor. posttls-finger uses glibc's resolver, so
/// both tools run in a private mount namespace where /etc/resolv.conf names that unbound. The lab's
/// SMTP servers listen on port 25 *inside that namespace only*: posttls-finger looks TLSA up at
/// `_<port>._tcp`, and the lab publishes `_25._tcp`, so any other port would compare DANE with no
/// DANE. Nothing is reachable from outside the namespace. Needs root (`make bench` runs as root).
///
/// Beside both, in the same interleaved rounds, `check-floor` (Benchmarks/Floor/check-floor.c,
/// built by `make bench`): the same lookups, validated by libunbound in process, and the same
/// STARTTLS sessions, in C with nothing else. Its time is what any check that validates in
/// process (DESIGN.md: libunbound gives the verdict) costs on this machine, before any report.
enum CheckBench {
  static let domain = "two-mx.example."
  static let rounds = 15

  static func run() {
    guard getuid() == 0 else {
      print("Check: not measured: a private network namespace needs root")
      return
    }
    do {
      try compare()
    } catch {
      print("Check: not measured: \(error)")
    }
  }

  struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  private static func compare() throws {
    let bench = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let binary = bench.deletingLastPathComponent().appendingPathComponent("danescope").path
    let floor = bench.deletingLastPathComponent().appendingPathComponent("check-floor").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw BenchError("\(binary) is missing: build the danescope product first")
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let namespace = "danescope-bench-\(UUID().uuidString.prefix(8).lowercased())"
    try BenchProcess.check("ip", ["netns", "add", namespace])
    defer { _ = try? BenchProcess.run("ip", ["netns", "del", namespace]) }
    let inNamespace = { (tool: String, arguments: [String]) in
      ["netns", "exec", namespace, tool] + arguments
    }
    try BenchProcess.check("ip", inNamespace("ip", ["link", "set", "lo", "up"]))

    let serve = try BenchProcess.Background(
      "ip", inNamespace(binary, ["lab", "serve", "--listen", "127.0.0.1@5300", "--port", "25"]),
      log: folder.appendingPathComponent("serve.log"))
    defer { serve.stop() }
    try serve.wait(for: "Stop with Ctrl-C", seconds: 60)
    // The running lab's own trust anchor, as `lab serve` prints it.
    let serveLog = (try? String(contentsOf: serve.log, encoding: .utf8)) ?? ""
    guard
      let anchor = serveLog.components(separatedBy: "--trust-anchor ").dropFirst().first?
        .split(separator: " ").first.map(String.init)
    else { throw BenchError("lab serve did not name its trust anchor: \(serveLog)") }

    let unboundConf = folder.appendingPathComponent("unbound.conf")
    try unboundConfig(folder: folder, anchor: anchor)
      .write(to: unboundConf, atomically: true, encoding: .utf8)
    let unbound = try BenchProcess.Background(
      "ip", inNamespace("/usr/sbin/unbound", ["-d", "-c", unboundConf.path]),
      log: folder.appendingPathComponent("unbound.log"))
    defer { unbound.stop() }
    try unbound.wait(for: "start of service", seconds: 30)

    let resolvConf = folder.appendingPathComponent("resolv.conf")
    try "nameserver 127.0.0.1\noptions trust-ad\n".write(
      to: resolvConf, atomically: true, encoding: .utf8)
    let postfixConfig = folder.appendingPathComponent("postfix")
    try FileManager.default.createDirectory(at: postfixConfig, withIntermediateDirectories: true)
    try "compatibility_level = 3.6\n".write(
      to: postfixConfig.appendingPathComponent("main.cf"), atomically: true, encoding: .utf8)

    // The first runs go through a wrapper (network namespace, private mount namespace, a shell
    // that binds the resolv.conf, then the tool): both tools must work before anything is timed.
    let wrapped = { (command: String) in
      inNamespace(
        "unshare",
        [
          "-m", "--propagation", "private", "sh", "-c",
          "mount --bind '\(resolvConf.path)' /etc/resolv.conf && "
            + "MAIL_CONFIG='\(postfixConfig.path)' exec \(command)",
        ])
    }
    let danescopeCommand = [
      binary, "check", domain, "--json", "--forwarder", "127.0.0.1@53", "--trust-anchor", anchor,
    ]
    let fingerCommand = [
      "/usr/sbin/posttls-finger", "-c", "-l", "dane", "-t", "10", "-T", "30",
      String(domain.dropLast()),
    ]
    let ours = try BenchProcess.run("ip", wrapped(shellWords(danescopeCommand)), seconds: 120)
    let verdicts = probeVerdicts(ours.stdout)
    guard verdicts.count >= 2 else {
      throw BenchError("danescope check did not probe both MX hosts: \(ours.stdout)\(ours.stderr)")
    }
    let theirs = try BenchProcess.run("ip", wrapped(shellWords(fingerCommand)), seconds: 120)
    let fingerOutput = theirs.stdout + theirs.stderr
    guard fingerOutput.contains("TLS connection established") else {
      throw BenchError("posttls-finger did not reach the lab: \(fingerOutput)")
    }
    let floorCommand = [floor, "127.0.0.1@53", anchor, domain]
    let floorNote: String
    if FileManager.default.isExecutableFile(atPath: floor) {
      let floorRun = try BenchProcess.run("ip", wrapped(shellWords(floorCommand)), seconds: 120)
      guard floorRun.status == 0, floorRun.stdout.contains("2 MX hosts, 2 of 2") else {
        throw BenchError("check-floor failed: \(floorRun.stdout)\(floorRun.stderr)")
      }
      floorNote = ""
    } else {
      floorNote = "check-floor not measured: \(floor) is missing (`make bench` builds it)"
    }
    // posttls-finger on one MX host at a time ("[host]": no MX lookup, DANE with the host's own
    // TLSA records, RFC 7672 §2.2.2), once per host: what it takes to check every MX with it.
    let mxHosts = mxHostNames(ours.stdout)
    guard mxHosts.count == 2 else {
      throw BenchError("danescope check did not list 2 MX hosts: \(ours.stdout)")
    }
    let fingerPerHostCommands = mxHosts.map { host in
      Array(fingerCommand.dropLast()) + ["[\(host)]"]
    }
    for command in fingerPerHostCommands {
      let run = try BenchProcess.run("ip", wrapped(shellWords(command)), seconds: 120)
      let output = run.stdout + run.stderr
      guard output.contains("TLS connection established") else {
        throw BenchError("posttls-finger \(command.last!) did not reach the lab: \(output)")
      }
    }
    let fingerHosts = Set(
      fingerOutput.split(separator: "\n").compactMap { line -> String? in
        guard line.contains("TLS connection established to ") else { return nil }
        return line.components(separatedBy: "established to ").last?
          .split(separator: "[").first.map(String.init)
      })

    // The timing happens inside the namespaces, in this bench started again as a runner there:
    // `ip netns exec` and the mount alone take from 10 to 60 ms here, varying far more than the
    // tools themselves, so they must not be inside the measured time of either.
    let commands =
      [danescopeCommand, fingerCommand, [binary, "--version"]]
      + fingerPerHostCommands + (floorNote.isEmpty ? [floorCommand] : [])
    let runner = try BenchProcess.run(
      "ip",
      wrapped(
        shellWords(
          [bench.path, Runner.flag, String(rounds)]
            + commands.joined(separator: [Runner.separator]))),
      seconds: 600)
    guard let times = Runner.parse(runner.stdout, count: commands.count) else {
      throw BenchError("the timing runner failed: \(runner.stdout)\(runner.stderr)")
    }
    let ourMedian = median(times[0])
    let theirMedian = median(times[1])
    print(
      "Check: danescope check \(domain) \(ms(ourMedian)) median of \(rounds) "
        + "(2 MX hosts, \(verdicts.count) addresses probed: \(verdicts.joined(separator: ", ")); "
        + "its bare start-up \(ms(median(times[2])))); "
        + "posttls-finger -l dane \(ms(theirMedian)) (TLS with \(fingerHosts.count) "
        + "of 2 MX hosts: it stops at the first that answers, and takes the AD bit of the "
        + "validating unbound instead of validating); "
        + (ourMedian < theirMedian ? "faster" : "SLOWER")
        + " (target: faster, while checking every MX)")
    let perHostTotals = (0..<rounds).map { round in
      (3..<(3 + fingerPerHostCommands.count)).reduce(0.0) { $0 + times[$1][round] }
    }
    print(
      "Check, every MX with posttls-finger: once per MX host, one after the other, "
        + "\(ms(median(perHostTotals))) in total (median of \(rounds)), beside danescope's "
        + "\(ms(ourMedian)) for both; a figure for comparison, not the issue's target")
    if floorNote.isEmpty {
      let floorMedian = median(times[3 + fingerPerHostCommands.count])
      print(
        "Check floor: check-floor \(ms(floorMedian)) (C, libunbound and OpenSSL only: the same "
          + "lookups validated in process and the same 2 STARTTLS sessions, no report); "
          + (floorMedian < theirMedian
            ? "faster than posttls-finger" : "SLOWER than posttls-finger")
          + ": danescope's own work costs \(ms(ourMedian - floorMedian)) on top of it")
    } else {
      print("Check floor: \(floorNote)")
    }
  }

  /// The timing loop, run inside the bench's namespaces: each command line in turn, `rounds`
  /// times, interleaved so that load from elsewhere hits every command alike. Prints one line
  /// of seconds per command.
  enum Runner {
    static let flag = "--check-runner"
    static let separator = "--then"

    static func main(_ arguments: [String]) -> Int32 {
      guard arguments.count >= 2, let rounds = Int(arguments[0]), rounds > 0 else {
        print("usage: danescope-bench \(flag) ROUNDS COMMAND [\(separator) COMMAND]...")
        return 2
      }
      let commands = arguments.dropFirst().split(separator: separator).map(Array.init)
      var times = Array(repeating: [Double](), count: commands.count)
      do {
        for _ in 0..<rounds {
          for (index, command) in commands.enumerated() {
            times[index].append(
              try timed {
                _ = try BenchProcess.spawnQuietly(command[0], Array(command.dropFirst()))
              })
          }
        }
      } catch {
        print("runner: \(error)")
        return 1
      }
      for series in times { print(series.map { String($0) }.joined(separator: " ")) }
      return 0
    }

    /// The runner's output: one series of seconds per command, `count` of them.
    static func parse(_ output: String, count: Int) -> [[Double]]? {
      let series = output.split(separator: "\n").map {
        $0.split(separator: " ").compactMap { Double($0) }
      }
      guard series.count == count, series.allSatisfy({ !$0.isEmpty }) else { return nil }
      return series
    }
  }

  /// One shell word per argument, single-quoted (the bench's own paths hold no quotes).
  static func shellWords(_ arguments: [String]) -> String {
    arguments.map { "'\($0)'" }.joined(separator: " ")
  }

  static func unboundConfig(folder: URL, anchor: String) -> String {
    """
    server:
      interface: 127.0.0.1@53
      port: 53
      do-daemonize: no
      username: ""
      chroot: ""
      directory: "\(folder.path)"
      pidfile: ""
      use-syslog: no
      logfile: ""
      verbosity: 1
      do-ip6: no
      do-not-query-localhost: no
      access-control: 127.0.0.0/8 allow
      module-config: "validator iterator"
      trust-anchor-file: "\(anchor)"
      local-zone: "test." nodefault
    remote-control:
      control-enable: no
    forward-zone:
      name: "."
      forward-addr: 127.0.0.1@5300

    """
  }

  /// The MX hosts of a `check --json` report (`mx.hosts`), in its order.
  static func reportHosts(_ json: String) -> [[String: Any]] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    else { return [] }
    return (object["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
  }

  /// The verdict of every probe in a `check --json` report.
  static func probeVerdicts(_ json: String) -> [String] {
    reportHosts(json).flatMap {
      ($0["probes"] as? [[String: Any]] ?? []).compactMap { $0["verdict"] as? String }
    }
  }

  /// The MX host names of a `check --json` report, in its order, without the final dot.
  static func mxHostNames(_ json: String) -> [String] {
    reportHosts(json).compactMap { host in
      (host["name"] as? String).map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
    }
  }

  static func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

  static func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
}
