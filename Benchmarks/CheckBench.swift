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
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent().appendingPathComponent("danescope").path
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

    // Both tools start through the same wrapper (network namespace, private mount namespace,
    // a shell that binds the resolv.conf and then execs the tool), so neither pays for it alone;
    // the wrapper running `true` is timed as well and printed as the floor.
    let wrapped = { (command: String) in
      inNamespace(
        "unshare",
        [
          "-m", "--propagation", "private", "sh", "-c",
          "mount --bind '\(resolvConf.path)' /etc/resolv.conf && "
            + "MAIL_CONFIG='\(postfixConfig.path)' exec \(command)",
        ])
    }
    let danescope = wrapped(
      "'\(binary)' check \(domain) --json --forwarder 127.0.0.1@53 --trust-anchor '\(anchor)'")
    let finger = wrapped("posttls-finger -c -l dane -t 10 -T 30 \(domain.dropLast())")
    let floor = wrapped("true")

    // One run each first: both must work before anything is timed.
    let ours = try BenchProcess.run("ip", danescope, seconds: 120)
    let verdicts = probeVerdicts(ours.stdout)
    guard verdicts.count >= 2 else {
      throw BenchError("danescope check did not probe both MX hosts: \(ours.stdout)\(ours.stderr)")
    }
    let theirs = try BenchProcess.run("ip", finger, seconds: 120)
    let fingerOutput = theirs.stdout + theirs.stderr
    guard fingerOutput.contains("TLS connection established") else {
      throw BenchError("posttls-finger did not reach the lab: \(fingerOutput)")
    }
    let fingerHosts = Set(
      fingerOutput.split(separator: "\n").compactMap { line -> String? in
        guard line.contains("TLS connection established to ") else { return nil }
        return line.components(separatedBy: "established to ").last?
          .split(separator: "[").first.map(String.init)
      })

    // Interleaved, so that load from elsewhere on the machine hits both alike. Also timed: the
    // wrapper alone, and danescope's bare start-up (`--version`) through it.
    var ourTimes: [Double] = []
    var theirTimes: [Double] = []
    var startTimes: [Double] = []
    var floorTimes: [Double] = []
    for _ in 0..<rounds {
      ourTimes.append(try timed { _ = try BenchProcess.run("ip", danescope, seconds: 120) })
      theirTimes.append(try timed { _ = try BenchProcess.run("ip", finger, seconds: 120) })
      startTimes.append(
        try timed { _ = try BenchProcess.run("ip", wrapped("'\(binary)' --version"), seconds: 60) })
      floorTimes.append(try timed { _ = try BenchProcess.run("ip", floor, seconds: 60) })
    }
    let ourMedian = median(ourTimes)
    let theirMedian = median(theirTimes)
    let floorMedian = median(floorTimes)
    print(
      "Check: danescope check \(domain) \(ms(ourMedian - floorMedian)) median of \(rounds) "
        + "(2 MX hosts, \(verdicts.count) addresses probed: \(verdicts.joined(separator: ", ")); "
        + "its start-up alone \(ms(median(startTimes) - floorMedian))); "
        + "posttls-finger -l dane \(ms(theirMedian - floorMedian)) (TLS with \(fingerHosts.count) "
        + "of 2 MX hosts: it stops at the first that answers, and trusts the AD bit of the "
        + "validating unbound instead of validating); each figure less the \(ms(floorMedian)) "
        + "the namespace wrapper takes alone; "
        + (ourMedian < theirMedian ? "faster" : "SLOWER")
        + " (target: faster, while checking every MX)")
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

  /// The verdict of every probe in a `check --json` report.
  static func probeVerdicts(_ json: String) -> [String] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
      let hosts = (object["mx"] as? [String: Any])?["hosts"] as? [[String: Any]]
    else { return [] }
    return hosts.flatMap {
      ($0["probes"] as? [[String: Any]] ?? []).compactMap { $0["verdict"] as? String }
    }
  }

  static func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

  static func ms(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }
}
