import Foundation
import Lab
import ValidationCore

/// The chain engine's cost beyond the crypto, for a three-level chain (lab root → `example.` →
/// a scenario domain): the lookups are recorded once from the in-process libunbound, then the
/// chain is rebuilt from the recording many times. The crypto of one build (reading each DNSKEY
/// into OpenSSL, every signature check, every DS digest) is timed on its own; the rest is the
/// engine.
enum ChainEngineBench {
  static func run() {
    do {
      try measure()
    } catch {
      print("DNSSEC chain engine: not measured (\(error))")
    }
  }

  static func measure() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let build = try Lab.build(clock: SystemClock())
    try build.write(to: folder)
    let zones = build.zones.map {
      InProcessZone(
        name: $0.origin,
        zoneFile: folder.appendingPathComponent(LabBuild.Layout.zones)
          .appendingPathComponent($0.fileName).path)
    }
    let configuration = ResolverConfiguration.inProcess(
      zones: zones, trustAnchors: [build.trustAnchorText.trimmingCharacters(in: .newlines)])
    let resolver = try UnboundResolver(configuration)
    let anchors = try ChainTrustAnchors.records(for: configuration)
    let name = Lab.scenarios[0].domain
    let recorder = RecordingSource(ResolverLookupSource(resolver))
    let options = ChainOptions(clock: FixedClock(Date()))
    let first = blocking {
      await ChainBuilder(source: recorder, trustAnchors: anchors, options: options).build(
        name: name, type: .mx)
    }
    let replay = ReplaySource(recorder.recorded)
    let builder = ChainBuilder(source: replay, trustAnchors: anchors, options: options)
    let rounds = 300
    let start = CPUTime.process()
    blocking {
      for _ in 0..<rounds { _ = await builder.build(name: name, type: .mx) }
    }
    let perChain = (CPUTime.process() - start) / Double(rounds)
    let crypto = CryptoReplay(first).secondsPerChain(rounds: rounds)
    print("DNSSEC chain engine, \(name) MX (\(first.zones.count) zones, \(first.status)):")
    print(
      String(
        format:
          "  whole chain %8.1f µs   crypto %8.1f µs   engine beyond crypto %8.1f µs (%.0f %%)",
        perChain * 1e6, crypto * 1e6, (perChain - crypto) * 1e6,
        100 * (perChain - crypto) / perChain))
    // Issue 4 asks for this figure without a number; the target is the verification one above.
    print("  (target: none of its own; the crypto, held to 80 % of openssl above, should dominate)")
  }

  /// Runs async work to completion from the synchronous benchmark.
  static func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
      box.value = await work()
      done.signal()
    }
    done.wait()
    return box.value!
  }
}

final class ResultBox<T>: @unchecked Sendable {
  // @unchecked: written once before the semaphore is signalled, read after.
  var value: T?
}
