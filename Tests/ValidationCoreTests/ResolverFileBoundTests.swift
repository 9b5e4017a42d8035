import Foundation
import XCTest

@testable import ValidationCore

/// Every resolver file danescope reads itself (a `--resolver-conf` file and what it includes,
/// the trust anchor files it names, a `--trust-anchor` file, the root key file, resolv.conf, a
/// file libunbound names in an error) is read by the bounded reader (InputFile) with the
/// resolver files' bound (Docs/Decisions.md, D-cli-4): each path refuses a file over the bound
/// and a FIFO, which an unbounded read would wait on forever. (A file that grows between the
/// check and the read cannot be made portably; the read's own bound is what catches it.)
final class ResolverFileBoundTests: TemporaryFolderTestCase {
  override class var folderPrefix: String { "file-bounds" }

  /// A sparse file one byte over the bound: it takes no disk space.
  func hugeFile(_ name: String) -> String {
    let path = folder.appendingPathComponent(name).path
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
    XCTAssertEqual(truncate(path, off_t(UnboundContext.maximumFileSize + 1)), 0)
    return path
  }

  func fifo(_ name: String) -> String {
    let path = folder.appendingPathComponent(name).path
    XCTAssertEqual(mkfifo(path, 0o600), 0)
    return path
  }

  /// `body`'s result, or a failure if it does not return within 20 s: a read that waits on a
  /// FIFO must fail the test, not hang it.
  func bounded<T: Sendable>(
    _ body: @escaping @Sendable () -> T, file: StaticString = #filePath, line: UInt = #line
  ) -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Thread {
      box.value = body()
      done.signal()
    }.start()
    guard done.wait(timeout: .now() + 20) == .success else {
      XCTFail("the read did not finish within 20 s", file: file, line: line)
      return nil
    }
    return box.value
  }

  /// The chain engine's anchors for `configuration`: the error's text, or nil when it read them.
  func chainAnchorError(
    _ configuration: ResolverConfiguration, rootKeyFile: String = "/nonexistent/root.key",
    file: StaticString = #filePath, line: UInt = #line
  ) -> String? {
    let outcome = bounded({ () -> String? in
      do {
        _ = try ChainTrustAnchors.records(for: configuration, rootKeyFile: rootKeyFile)
        return nil
      } catch {
        return (error as? ChainTrustAnchors.Problem)?.description ?? "\(error)"
      }
    }, file: file, line: line)
    return outcome ?? nil
  }

  /// What building a resolver gives: the error, or nil when it was built.
  func resolverError(
    _ configuration: ResolverConfiguration, file: StaticString = #filePath, line: UInt = #line
  ) -> ResolverConfigurationError? {
    let outcome = bounded({ () -> ResolverConfigurationError? in
      do {
        _ = try UnboundResolver(configuration)
        return nil
      } catch {
        return error as? ResolverConfigurationError
      }
    }, file: file, line: line)
    return outcome ?? nil
  }

  static let tooLarge = "more than \(UnboundContext.maximumFileSize)"

  // MARK: The root key file (/usr/share/dns/root.key for the system resolver)

  func testTheRootKeyFileOverTheBoundIsRefused() {
    let path = hugeFile("root.key")
    let error = chainAnchorError(.system(recursive: false), rootKeyFile: path)
    XCTAssertEqual(
      error, "\(path): trust anchor file cannot be read: too large (\(Self.tooLarge) bytes)")
  }

  func testTheRootKeyFileAsAFIFOIsRefused() {
    let path = fifo("root.key")
    let error = chainAnchorError(.system(recursive: false), rootKeyFile: path)
    XCTAssertEqual(error, "\(path): trust anchor file cannot be read: is not a regular file")
  }

  // MARK: A --trust-anchor file

  func testATrustAnchorFileOverTheBoundIsRefusedByTheChainEngine() throws {
    let path = hugeFile("anchor.ds")
    let forwarder = try ForwarderAddress(parsing: "127.0.0.1@1")
    let error = chainAnchorError(.forwarders([forwarder], trustAnchorFile: path))
    XCTAssertEqual(
      error, "\(path): trust anchor file cannot be read: too large (\(Self.tooLarge) bytes)")
  }

  func testATrustAnchorFIFOIsRefusedByTheChainEngine() throws {
    let path = fifo("anchor.ds")
    let forwarder = try ForwarderAddress(parsing: "127.0.0.1@1")
    let error = chainAnchorError(.forwarders([forwarder], trustAnchorFile: path))
    XCTAssertEqual(error, "\(path): trust anchor file cannot be read: is not a regular file")
  }

  func testATrustAnchorFileOverTheBoundIsRefusedBeforeLibunbound() throws {
    let path = hugeFile("anchor.ds")
    let forwarder = try ForwarderAddress(parsing: "127.0.0.1@1")
    let error = resolverError(.forwarders([forwarder], trustAnchorFile: path))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(error?.file, path)
    XCTAssertTrue(error?.message.contains("more than the 16 MiB") == true, "\(String(describing: error))")
  }

  // MARK: --resolver-conf, and the files it names

  func testAConfigurationFIFOIsRefused() {
    let path = fifo("unbound.conf")
    let error = resolverError(.custom(configFile: path))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(error?.file, path)
    let chainError = chainAnchorError(.custom(configFile: path))
    XCTAssertTrue(chainError?.hasPrefix("\(path): resolver configuration cannot be read") == true,
      chainError ?? "accepted")
  }

  func testAConfigurationOverTheBoundIsRefusedByTheChainEngine() {
    let path = hugeFile("unbound.conf")
    // The chain engine walks the configuration without the stat made before libunbound
    // starts: the bounded read is what refuses it.
    let error = chainAnchorError(.custom(configFile: path))
    XCTAssertEqual(
      error,
      "\(path): resolver configuration cannot be read: too large (\(Self.tooLarge) bytes)")
  }

  func testAnIncludedFileOverTheBoundIsRefusedAtItsLine() throws {
    let inner = hugeFile("inner.conf")
    let outer = try write("outer.conf", "server:\n  include: \"\(inner)\"\n")
    let error = resolverError(.custom(configFile: outer))
    XCTAssertEqual(error?.kind, .unreadableFile)
    XCTAssertEqual(error?.file, outer)
    XCTAssertEqual(error?.line, 2)
    XCTAssertTrue(error?.message.contains("16 MiB") == true, "\(String(describing: error))")
  }

  func testANamedTrustAnchorFileOverTheBoundIsRefusedAtItsLine() throws {
    let anchor = hugeFile("root.ds")
    let conf = try write("unbound.conf", "server:\n  # the root\n  trust-anchor-file: \"\(anchor)\"\n")
    let error = chainAnchorError(.custom(configFile: conf))
    XCTAssertTrue(error?.hasPrefix("\(conf):3: \(anchor): trust-anchor-file") == true, error ?? "accepted")
    XCTAssertTrue(error?.contains("16 MiB") == true, error ?? "accepted")
  }

  func testANamedTrustAnchorFIFOIsRefusedAtItsLine() throws {
    let anchor = fifo("root.ds")
    let conf = try write("unbound.conf", "server:\n  auto-trust-anchor-file: \"\(anchor)\"\n")
    let error = chainAnchorError(.custom(configFile: conf))
    XCTAssertEqual(
      error,
      "\(conf):2: \(anchor): auto-trust-anchor-file cannot be read: it is not a regular file"
        + " (a device, FIFO or socket)")
  }

  /// The reader ResolverConfAnchors uses for a named anchor file, reached directly: the stat
  /// made while walking the configuration is not what refuses it.
  func testTheResolverFileReaderRefusesOverTheBoundAndAFIFO() {
    let huge = hugeFile("big.ds")
    let pipe = fifo("pipe.ds")
    let hugeError = bounded({ () -> ResolverConfigurationError? in
      do {
        _ = try UnboundContext.readFile(huge, role: "trust anchor file")
        return nil
      } catch { return error as? ResolverConfigurationError }
    }) ?? nil
    XCTAssertEqual(
      hugeError?.description,
      "\(huge): trust anchor file cannot be read: too large (\(Self.tooLarge) bytes)")
    let pipeError = bounded({ () -> ResolverConfigurationError? in
      do {
        _ = try UnboundContext.readFile(pipe, role: "trust anchor file")
        return nil
      } catch { return error as? ResolverConfigurationError }
    }) ?? nil
    XCTAssertEqual(pipeError?.kind, .unreadableFile)
    XCTAssertEqual(
      pipeError?.description, "\(pipe): trust anchor file cannot be read: is not a regular file")
  }

  // MARK: resolv.conf and the files libunbound names in its errors

  func testResolvConfOverTheBoundOrAFIFOGivesNoServers() throws {
    let good = try write("resolv.conf", "# lab\nnameserver 127.0.0.1\n")
    XCTAssertEqual(bounded({ UpstreamCheck.nameservers(inResolvConf: good) }), ["127.0.0.1"])
    let huge = hugeFile("huge-resolv.conf")
    XCTAssertEqual(bounded({ UpstreamCheck.nameservers(inResolvConf: huge) }), [])
    let pipe = fifo("pipe-resolv.conf")
    XCTAssertEqual(bounded({ UpstreamCheck.nameservers(inResolvConf: pipe) }), [])
  }

  /// libunbound's record parser reports the line after the bad one, which is corrected by
  /// reading the file; a file that cannot be read keeps the reported line.
  func testAFileNamedInAnErrorIsReadBounded() throws {
    let anchor = try write("anchor.ds", "; one\n. IN DS bad\n")
    XCTAssertEqual(bounded({ UnboundMessages.location(in: "\(anchor):3:1: bad record")?.line }), 2)
    let pipe = fifo("pipe.ds")
    XCTAssertEqual(bounded({ UnboundMessages.location(in: "\(pipe):3:1: bad record")?.line }), 3)
    let huge = hugeFile("huge.ds")
    XCTAssertEqual(bounded({ UnboundMessages.location(in: "\(huge):3:1: bad record")?.line }), 3)
  }
}

/// What a thread hands back to the test waiting on it.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
