import Foundation
import XCTest
import ValidationCore

/// Certificates for the TLS and TLSA unit tests, made by the `openssl` command line in a
/// temporary folder, and reference values computed by openssl pipelines.
final class TLSTestCertificates {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-tls-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// Runs a shell pipeline in the folder (bounded to 30 s) and returns its standard output.
  @discardableResult
  func shell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = folder
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      throw Failure(description: "timed out: \(command)")
    }
    guard process.terminationStatus == 0 else {
      throw Failure(description: "exit \(process.terminationStatus): \(command)")
    }
    return String(decoding: data, as: UTF8.self)
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// A self-signed certificate `name.crt` for `cn` with the given key arguments and extensions.
  func selfSigned(_ name: String, cn: String, key: String = "-newkey rsa:2048", extra: String = "")
    throws -> String
  {
    try shell(
      "openssl req -x509 -nodes -days 30 -subj '/CN=\(cn)' \(key) \(extra) -keyout \(name).key -out \(name).crt"
    )
    return try String(contentsOfFile: path("\(name).crt"), encoding: .utf8)
  }

  /// Hex of the TLSA association data, by openssl alone.
  func reference(_ name: String, selector: Int, matchingType: Int) throws -> [UInt8] {
    let select =
      selector == 0
      ? "openssl x509 -in \(name).crt -outform DER"
      : "openssl x509 -in \(name).crt -noout -pubkey | openssl pkey -pubin -outform DER"
    let digest = ["cat", "openssl dgst -sha256 -binary", "openssl dgst -sha512 -binary"][
      matchingType]
    return try Hex.decode(shell("\(select) | \(digest) | od -An -v -tx1"))
  }
}
