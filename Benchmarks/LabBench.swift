import Foundation
import Lab
import ValidationCore

/// Lab start-up: keys, signing every zone, certificates, writing the zones and starting the
/// STARTTLS servers. Target: under 1 s with the per-user key cache warm. The cold figure (fresh
/// keys, an empty cache folder) is printed beside it.
enum LabBench {
  static func run() {
    print("Lab start-up (\(Lab.scenarios.count) scenarios; target: warm start under 1 s)")
    let cacheFolder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-bench-keys-\(getpid())")
    defer { try? FileManager.default.removeItem(at: cacheFolder) }
    let cache = LabKeyCache(folder: cacheFolder)
    guard let cold = measure(cache) else { return }
    print(String(format: "  cold (keys generated)   %7.1f ms", cold * 1000))
    var warm: [Double] = []
    for _ in 0..<5 {
      guard let seconds = measure(cache) else { return }
      warm.append(seconds)
    }
    warm.sort()
    let median = warm[warm.count / 2]
    print(
      String(
        format: "  warm (keys cached)      %7.1f ms median of 5, best %.1f ms", median * 1000,
        warm[0] * 1000) + (median < 1 ? "   target met" : "   TARGET MISSED"))
    phases(cache)
  }

  /// One full start and stop; nil (after printing why) when the lab cannot start.
  private static func measure(_ cache: LabKeyCache) -> Double? {
    let started = Date()
    do {
      let lab = try Lab.startNow(clock: SystemClock(), keys: cache)
      let seconds = Date().timeIntervalSince(started)
      lab.stop()
      return seconds
    } catch {
      print("  the lab did not start: \(error)")
      return nil
    }
  }

  /// Where a warm start spends its time.
  private static func phases(_ cache: LabKeyCache) {
    let clock = SystemClock()
    var mark = Date()
    func lap() -> Double {
      let now = Date()
      defer { mark = now }
      return now.timeIntervalSince(mark) * 1000
    }
    guard let build = try? Lab.build(clock: clock, keys: cache) else { return }
    let buildTime = lap()
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-bench-lab-\(getpid())")
    defer { try? FileManager.default.removeItem(at: folder) }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    _ = lap()
    try? build.write(to: folder)
    let writeTime = lap()
    guard let servers = try? LabSMTPServers(hosts: build.hosts) else { return }
    let serverTime = lap()
    servers.stop()
    let signatures = build.zones.flatMap(\.records).filter { $0.type == .rrsig }.count
    print(
      String(
        format: "  phases: keys+certificates+signing %.1f ms (%d RRSIGs, %d zones), "
          + "write %.1f ms, %d servers %.1f ms", buildTime, signatures, build.zones.count,
        writeTime, build.hosts.count, serverTime))
  }
}
