import Foundation

/// One chain build's lookups, remembered, and started ahead of need. The engine walks strictly in
/// order (an SOA per level to find the zone cuts, then DS and DNSKEY per zone, then the answer),
/// but the lookups themselves do not depend on each other: started together, the walk waits for
/// the slowest answer instead of the sum of all of them. Answers are the source's, unchanged.
final class PrefetchingLookupSource: ChainLookupSource, @unchecked Sendable {
  // @unchecked: `started` is only touched under `lock`.
  private struct Key: Hashable {
    let name: DNSName
    let type: RRType
  }

  private let source: any ChainLookupSource
  private let lock = NSLock()
  private var started: [Key: Task<ChainLookup, Never>] = [:]

  init(_ source: any ChainLookupSource) {
    self.source = source
  }

  func prefetch(_ lookups: [(name: DNSName, type: RRType)]) {
    for lookup in lookups { _ = task(lookup.name, lookup.type) }
  }

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    let pending = task(name, type)
    return await withTaskCancellationHandler {
      await pending.value
    } onCancel: {
      pending.cancel()
    }
  }

  /// Cancels what was started ahead and never asked for (the walk stopped above it).
  func cancelRemaining() {
    lock.withLock { started.values.forEach { $0.cancel() } }
  }

  private func task(_ name: DNSName, _ type: RRType) -> Task<ChainLookup, Never> {
    lock.withLock {
      let key = Key(name: name, type: type)
      if let existing = started[key] { return existing }
      let source = self.source
      let task = Task { await source.lookup(name, type) }
      started[key] = task
      return task
    }
  }
}
