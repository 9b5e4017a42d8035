import COpenSSL
import Foundation
import Lab
import ValidationCore

/// DNSSEC figures: signature verifications per second per algorithm through danescope's
/// verifier, beside `openssl speed` for the same key type (target: at least 80 % of OpenSSL's
/// rate), then the chain engine's cost beyond the crypto for a three-level chain.
enum DNSSECBench {
  static func run() {
    print("DNSSEC signature verification (verifications per CPU second; openssl speed beside)")
    print("  (target: at least 80 % of openssl's rate for the same key type)")
    for bench in CryptoBench.all {
      let reference = OpenSSLSpeed.measure([bench.openSSLName])
      guard let sample = bench.makeSample() else {
        print("  \(bench.title): could not make a test key")
        continue
      }
      let rate = sample.verificationsPerSecond(seconds: 1)
      let openssl = reference[bench.openSSLName]
      let ratio = openssl.map { String(format: "%5.1f %%", 100 * rate / $0) } ?? "    -"
      let opensslText = openssl.map { String(format: "%10.0f", $0) } ?? "         -"
      let title = bench.title.padding(toLength: 24, withPad: " ", startingAt: 0)
      let name = bench.openSSLName.padding(toLength: 9, withPad: " ", startingAt: 0)
      print(
        "  \(title)" + String(format: "%10.0f", rate)
          + "   openssl \(name) \(opensslText)  \(ratio)")
    }
    ChainEngineBench.run()
  }
}

/// `openssl speed -mr` for the key types DNSSEC uses: verify/s by name.
enum OpenSSLSpeed {
  static func measure(_ names: [String]) -> [String: Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = ["speed", "-mr", "-seconds", "1"] + names
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return [:] }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var rates: [String: Double] = [:]
    // +F2:i:2048:sign/s:verify/s (RSA), +F4:i:bits:sign/s:verify/s (ECDSA),
    // +F6:i:bits:name:sign/s:verify/s (EdDSA).
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: ":").map(String.init)
      guard let verify = fields.last.flatMap(Double.init) else { continue }
      switch (fields.first, fields.count > 2 ? fields[2] : "") {
      case ("+F2", "2048"): rates["rsa2048"] = verify
      case ("+F4", "256"): rates["ecdsap256"] = verify
      case ("+F4", "384"): rates["ecdsap384"] = verify
      case ("+F6", "253"): rates["ed25519"] = verify
      case ("+F6", "456"): rates["ed448"] = verify
      default: break
      }
    }
    return rates
  }
}

/// One algorithm: a fresh OpenSSL key, a signature over a typical signing input, and the
/// DNSKEY form of the public key.
struct CryptoBench {
  let title: String
  let algorithm: DNSSECAlgorithm
  let openSSLName: String

  static let all = [
    CryptoBench(title: "RSASHA1(5) 2048", algorithm: .rsaSHA1, openSSLName: "rsa2048"),
    CryptoBench(
      title: "RSASHA1-NSEC3(7) 2048", algorithm: .rsaSHA1NSEC3SHA1, openSSLName: "rsa2048"),
    CryptoBench(title: "RSASHA256(8) 2048", algorithm: .rsaSHA256, openSSLName: "rsa2048"),
    CryptoBench(title: "RSASHA512(10) 2048", algorithm: .rsaSHA512, openSSLName: "rsa2048"),
    CryptoBench(
      title: "ECDSAP256SHA256(13)", algorithm: .ecdsaP256SHA256, openSSLName: "ecdsap256"),
    CryptoBench(
      title: "ECDSAP384SHA384(14)", algorithm: .ecdsaP384SHA384, openSSLName: "ecdsap384"),
    CryptoBench(title: "ED25519(15)", algorithm: .ed25519, openSSLName: "ed25519"),
    CryptoBench(title: "ED448(16)", algorithm: .ed448, openSSLName: "ed448"),
  ]

  struct Sample {
    let key: DNSKEYPublicKey
    let data: [UInt8]
    let signature: [UInt8]

    /// Verifications per second of this thread's CPU time: `openssl speed` divides by CPU
    /// time too, so both rates hold on a machine shared with other work.
    func verificationsPerSecond(seconds: Double) -> Double {
      var count = 0
      let start = CPUTime.now()
      var elapsed = 0.0
      while elapsed < seconds {
        for _ in 0..<50 {
          guard SignatureVerifier.verify(signature: signature, over: data, with: key).isValid else {
            return 0
          }
        }
        count += 50
        elapsed = CPUTime.now() - start
      }
      return Double(count) / elapsed
    }
  }

  func makeSample() -> Sample? {
    // About the size of an RRSIG signing input over a small A RRset.
    let data = (0..<120).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    // The lab's keys: generated and signing in the DNSSEC wire forms by one piece of code.
    guard let labKey = try? LabKey.generate(algorithm, flags: 256),
      let raw = try? labKey.sign(data),
      let key = try? DNSKEYPublicKey(try labKey.dnskey)
    else { return nil }
    return Sample(key: key, data: data, signature: raw)
  }
}

/// CPU time of the calling thread, in seconds.
enum CPUTime {
  static func now() -> Double { read(CLOCK_THREAD_CPUTIME_ID) }

  /// CPU time of the whole process (work done on other threads, by async tasks, included).
  static func process() -> Double { read(CLOCK_PROCESS_CPUTIME_ID) }

  private static func read(_ clock: clockid_t) -> Double {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }
}
