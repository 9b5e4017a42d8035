import Dispatch
import Foundation
import Lab
import ValidationCore

/// Probe figures: full STARTTLS probes (greeting, EHLO, STARTTLS, TLS with DANE, EHLO, QUIT)
/// per second against the lab's in-process server on loopback, one at a time and eight at once;
/// and the reply parser's throughput on a large multi-line reply, fed whole and in small pieces.
enum ProbeBench {
  static func run() {
    do {
      try probes()
    } catch {
      print("Probe: cannot start the lab's SMTP server: \(error)")
    }
    parser()
  }

  private static func probes() throws {
    let build = try Lab.build(clock: SystemClock())
    guard let host = build.hosts.first(where: { $0.behaviour == .normal }),
      let leaf = host.chain.first
    else {
      print("Probe: the lab has no well-behaved host")
      return
    }
    let servers = try LabSMTPServers(hosts: build.hosts)
    defer { servers.stop() }
    guard let endpoint = servers.endpoints.first(where: { $0.host.name == host.name })?.endpoint
    else { return }
    let record = leaf.tlsa(.daneEE, .subjectPublicKeyInfo, .sha256)
    let request = ProbeRequest(
      host: host.name, address: endpoint.address, port: endpoint.port, tlsaBaseDomain: host.name,
      usableRecords: [record], timeouts: .uniform(10))

    let first = SMTPProbe.runBlocking(request)
    guard first.dane.isVerified else {
      print("Probe: the lab server did not verify: \(first.startTLS) \(first.dane)")
      return
    }
    let count = 400
    let sequential = measure {
      for _ in 0..<count { _ = SMTPProbe.runBlocking(request) }
    }
    let parallel = measure {
      DispatchQueue.concurrentPerform(iterations: 8) { _ in
        for _ in 0..<(count / 8) { _ = SMTPProbe.runBlocking(request) }
      }
    }
    print(
      "Probe: \(rate(count, sequential)) STARTTLS+DANE probes/s one at a time, "
        + "\(rate(count, parallel)) probes/s eight at once (lab server on \(endpoint); target: "
        + "well above what one domain's MX hosts need, > 50/s)")
  }

  private static func parser() {
    let line = Array("250-".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 70) + [13, 10]
    let reply = Array([[UInt8]](repeating: line, count: 700).joined()) + Array("250 end\r\n".utf8)
    let rounds = 200
    var replies = 0
    let whole = measure {
      for _ in 0..<rounds {
        var parser = SMTPReplyParser(limits: .init(maxReplySize: 1 << 20, maxLines: 1000))
        parser.append(reply)
        if (try? parser.nextReply()) != nil { replies += 1 }
      }
    }
    let pieces = measure {
      for _ in 0..<rounds {
        var parser = SMTPReplyParser(limits: .init(maxReplySize: 1 << 20, maxLines: 1000))
        var start = 0
        while start < reply.count {
          parser.append(reply[start..<min(start + 64, reply.count)])
          start += 64
          if (try? parser.nextReply()) != nil { replies += 1 }
        }
      }
    }
    let megabytes = Double(reply.count * rounds) / 1_000_000
    print(
      "Probe: reply parser \(String(format: "%.0f", megabytes / whole)) MB/s whole, "
        + "\(String(format: "%.0f", megabytes / pieces)) MB/s in 64-octet pieces "
        + "(\(replies) replies; target: > 20 MB/s)")
  }

  private static func measure(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000_000
  }

  private static func rate(_ count: Int, _ seconds: Double) -> String {
    String(format: "%.0f", Double(count) / seconds)
  }
}
