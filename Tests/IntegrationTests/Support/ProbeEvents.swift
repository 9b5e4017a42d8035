import Foundation
import ValidationCore

/// Collects a probe's trace events from its thread, for assertions after the probe.
final class ProbeEvents: @unchecked Sendable {
  private let lock = NSLock()
  private var collected: [TraceEvent] = []

  var events: [TraceEvent] { lock.withLock { collected } }
  var kinds: [TraceEvent.Kind] { events.map(\.kind) }

  var sink: @Sendable (TraceEvent) -> Void {
    { [self] event in lock.withLock { collected.append(event) } }
  }
}

/// Reads a TLSA record from the reference pipeline's hex.
func tlsaRecord(_ usage: UInt8, _ selector: UInt8, _ matchingType: UInt8, hex: String) -> TLSAData {
  TLSAData(
    usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
    matchingType: TLSAMatchingType(rawValue: matchingType), data: try! Hex.decode(hex))
}
