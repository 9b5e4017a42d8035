import Foundation
import XCTest

@testable import ValidationCore

/// The report's own JSON writer (`JSONValue`, Docs/Decisions.md D-report-6) prints what
/// Foundation's `JSONEncoder` prints with the options `check --json` used before it, byte for
/// byte: for crafted trees (every escape, key order, empty containers), through a test-only
/// `Encodable` view of the same tree, and for whole reports, through the wire structs'
/// synthesized `Encodable` (the path `jsonText()` took before).
final class ReportJSONWriterTests: XCTestCase {
  /// Every C0 control, the two characters JSON escapes with a backslash, the slash, DEL, C1
  /// controls, bidirectional marks, the line separator, a tag character, accents and an emoji.
  static let hostile: String = {
    var text = ""
    for value in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
    return text + "\"\\/ a\u{7F}\u{80}\u{85}\u{9B}\u{9F}\u{200E}\u{200F}\u{202A}\u{202E}"
      + "\u{2066}\u{2069}\u{2028}\u{2029}\u{E0001}caf\u{E9} \u{1F600}\u{FEFF}end"
  }()

  func testCraftedTreesAreWrittenAsJSONEncoderWritesThem() throws {
    let keys = [
      "matchedDepths", "matchedDepth", "issuer", "isCA", "Zeta", "alpha", "Beta", "beta10",
      "beta2", "a_b", "aB", "ab", "", "z", "A1", "a",
    ]
    let trees: [JSONValue] = [
      .object([]),
      .array([]),
      .object(keys.enumerated().map { ($1, .int($0)) }),
      .object([
        ("text", .string(Self.hostile)),
        ("empty", .string("")),
        ("numbers", .array([.int(0), .int(-1), .int(10), .int(Int.max), .int(Int.min)])),
        ("flags", .array([.bool(true), .bool(false), .null])),
        ("nothing", .null),
        ("emptyArray", .array([])),
        ("emptyObject", .object([])),
        ("nested", .array([.array([]), .object([]), .array([.array([.object([])])])])),
        (
          "deep",
          .object([
            ("b", .object([("c", .object([("d", .array([.string("/"), .string("a/b")]))]))])),
            ("a", .array([.object([("y", .bool(true)), ("x", .array([]))])])),
          ])
        ),
      ]),
      .array(Self.hostile.unicodeScalars.map { .string(String($0)) }),
    ]
    for tree in trees {
      let reference = try Self.encoded(ReferenceJSON(tree))
      XCTAssertEqual(tree.prettyText, reference)
      XCTAssertEqual(
        Array(JSONTerminalSafety.escape(tree.prettyText).utf8),
        Array(JSONTerminalSafety.escape(reference).utf8))
    }
  }

  /// The key order is the order of the keys' UTF-8 bytes, upper case first, a prefix before
  /// the longer key (stated here as well as compared: `JSONSerialization` orders otherwise).
  func testKeysAreSortedByTheirBytes() {
    let tree = JSONValue.object(
      ["matchedDepths", "isCA", "issuer", "matchedDepth", "alpha", "Beta"].map { ($0, .null) })
    XCTAssertEqual(
      tree.prettyText,
      """
      {
        "Beta" : null,
        "alpha" : null,
        "isCA" : null,
        "issuer" : null,
        "matchedDepth" : null,
        "matchedDepths" : null
      }
      """)
  }

  func testReportsAreWrittenAsTheEncodableWireStructsEncode() async throws {
    var keys: Set<String> = []
    for (label, report) in try await Self.reports() {
      let written = report.jsonText()
      XCTAssertEqual(written, try Self.encoderText(report), label)
      keys.formUnion(JSONReport(report).json.keys)
    }
    // The optional keys the reports above hold (`chainOfTrust` and `expandedName` come from
    // the lab, ReportJSONLabTests).
    let optional: Set = [
      "incompleteReason", "chainOfTrustLeftOut", "worstSeverity", "reason", "addressReason",
      "unprobed", "status", "owner", "matchedRecord", "matchedDepth", "matchedAnchorNotSent",
      "tls", "notAfter",
    ]
    XCTAssertEqual(optional.subtracting(keys), [])
  }

  /// `keys` (what the test above and ReportJSONLabTests collect) reaches into arrays and nested
  /// objects, and takes no string value for a key.
  func testKeysAreEveryObjectsKeysAtAnyDepth() {
    let tree = JSONValue.fields([
      "outer": .array([.fields(["inner": .string("value")]), .int(1)]),
      "nested": .fields(["deeper": .fields(["deepest": .null])]),
      "left out": nil,
    ])
    XCTAssertEqual(tree.keys, ["outer", "inner", "nested", "deeper", "deepest"])
    XCTAssertEqual(JSONValue.array([.string("not a key")]).keys, [])
  }

  /// `json` names every stored property of every wire struct, under the property's name, with
  /// its value; a nil optional is left out. (The struct is the schema; `json` may not drift.)
  func testEveryWireStructPropertyIsAKeyOfItsObject() async throws {
    var structs = 0
    for (label, report) in try await Self.reports() {
      let wire = JSONReport(report)
      Self.assertMirrors(wire, wire.json, path: label, structs: &structs)
    }
    XCTAssertGreaterThan(structs, 30)
  }

  // MARK: Reports

  /// Reports of the real check over hand-made answers: a null MX, no MX (the implicit host),
  /// a host whose name does not exist, a bogus MX, a verified host and one that fails, each
  /// with a certificate chain and a trace, and a host with bogus addresses; hostile text
  /// wherever the report carries text.
  static func reports() async throws -> [(String, DomainReport)] {
    typealias T = DANETestAnswers
    var reports: [(String, DomainReport)] = []
    let hostileDNS = Self.hostile

    let nullMX = T()
    nullMX.set("null.example.", .mx, .secure, [T.mx(0, ".")])
    reports.append(("null MX", await check(nullMX, "null.example.")))

    let noMX = T()
    noMX.set("plain.example.", .mx, .secure)
    noMX.set("plain.example.", .a, .secure, [T.a("127.0.0.2")])
    noMX.set("plain.example.", .aaaa, .secure)
    noMX.set("_25._tcp.plain.example.", .tlsa, .secure, [.tlsa(T.tlsa(3, 1, 1, length: 32))])
    reports.append(("no MX", await check(noMX, "plain.example.")))

    let nowhere = T()
    nowhere.set("gone.example.", .mx, .secure, [T.mx(10, "nowhere.gone.example.")])
    nowhere.set("nowhere.gone.example.", .a, .secure, nxdomain: true)
    nowhere.set("nowhere.gone.example.", .aaaa, .secure, nxdomain: true)
    reports.append(("unreachable host", await check(nowhere, "gone.example.")))

    let bogus = T()
    bogus.set("bogus.example.", .mx, .bogus(reason: hostileDNS), [T.mx(10, "mx.bogus.example.")])
    var bogusReport = await check(bogus, "bogus.example.")
    bogusReport.incompleteReason = "stopped: " + hostileDNS
    bogusReport.chainOfTrustLeftOut = "left out: " + hostileDNS
    bogusReport.findings.append(
      Finding(
        FindingCode("LOOKUP_FAILED"), subject: hostileDNS,
        evidence: [Evidence("reason", hostileDNS), Evidence("reason", "")],
        consequences: [Finding(FindingCode("LOOKUP_FAILED"), subject: "under it")]))
    reports.append(("bogus MX, incomplete", bogusReport))

    let verified = T()
    let record = T.tlsa(3, 1, 1, length: 32, fill: 0x5A)
    verified.set(
      "mx.example.", .mx, .secure,
      [T.mx(10, "a.mx.example."), T.mx(20, "b.mx.example."), T.mx(30, "c.mx.example.")])
    for host in ["a.mx.example.", "b.mx.example."] {
      verified.set(host, .a, .secure, [T.a(host.hasPrefix("a") ? "127.0.0.2" : "127.0.0.3")])
      verified.set(host, .aaaa, .secure)
      verified.set("_25._tcp." + host, .tlsa, .secure, [.tlsa(record)])
    }
    verified.set("c.mx.example.", .a, .bogus(reason: hostileDNS), [T.a("127.0.0.4")])
    verified.set("c.mx.example.", .aaaa, .secure)
    let probe: DANEProbeFunction = { request in
      let matched = request.address == "127.0.0.2"
      return ProbeObservation(
        address: request.address, port: request.port, stage: .tlsEstablished,
        tlsSummary: "TLSv1.3 \(hostileDNS)",
        daneDecision: matched ? .matched(record, depth: 0) : .noMatch(hostileDNS),
        matcherMatches: matched ? [.init(record: record, depth: 0)] : [],
        chain: [
          .init(
            depth: 0, subject: "CN=" + hostileDNS, issuer: "CN=issuer/\"x\"",
            notAfter: Date(timeIntervalSince1970: 1_900_000_000), isCA: false),
          .init(depth: 1, subject: "CN=ca", issuer: "CN=ca", notAfter: nil, isCA: true),
        ],
        trace: [
          .init(milliseconds: 0, kind: "<", text: "220 " + hostileDNS),
          .init(milliseconds: 12, kind: ">", text: "EHLO danescope"),
        ])
    }
    reports.append(
      ("verified and failed", await DANECheck(lookup: verified.lookup, probe: probe)
        .run(domain: T.name("mx.example."))))
    return reports
  }

  private static func check(_ answers: DANETestAnswers, _ domain: String) async -> DomainReport {
    let probe = RecordingProbe(answer: { _ in .connectFailed("refused") })
    return await DANECheck(lookup: answers.lookup, probe: probe.probe)
      .run(domain: DANETestAnswers.name(domain))
  }

  // MARK: The reference: Foundation's encoder

  /// What `jsonText()` printed before the report had its own writer.
  static func encoderText(_ report: DomainReport) throws -> String {
    JSONTerminalSafety.escape(try encoded(JSONReport(report)))
  }

  static func encoded(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// A `JSONValue` given to `JSONEncoder` as it is: an independent writer for the same tree.
  struct ReferenceJSON: Encodable {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    struct Key: CodingKey {
      let stringValue: String
      init(stringValue: String) { self.stringValue = stringValue }
      var intValue: Int? { nil }
      init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
      switch value {
      case .object(let members):
        var container = encoder.container(keyedBy: Key.self)
        for member in members {
          try container.encode(ReferenceJSON(member.value), forKey: Key(stringValue: member.key))
        }
      case .array(let elements):
        var container = encoder.unkeyedContainer()
        for element in elements { try container.encode(ReferenceJSON(element)) }
      case .string(let text):
        var container = encoder.singleValueContainer()
        try container.encode(text)
      case .int(let number):
        var container = encoder.singleValueContainer()
        try container.encode(number)
      case .bool(let isTrue):
        var container = encoder.singleValueContainer()
        try container.encode(isTrue)
      case .null:
        var container = encoder.singleValueContainer()
        try container.encodeNil()
      }
    }
  }

  // MARK: Mirror walk

  /// Walks a wire value and its `JSONValue` together: a struct is an object with exactly its
  /// non-nil properties as keys, an array an array of as many, a scalar the same scalar.
  static func assertMirrors(
    _ value: Any, _ json: JSONValue, path: String, structs: inout Int,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let mirror = Mirror(reflecting: value)
    switch (mirror.displayStyle, json) {
    case (.optional, _):
      guard let wrapped = mirror.children.first?.value else {
        return XCTFail("\(path): a nil optional was written", file: file, line: line)
      }
      assertMirrors(wrapped, json, path: path, structs: &structs, file: file, line: line)
    case (.struct, .object(let members)):
      structs += 1
      var properties: [String: Any] = [:]
      for child in mirror.children {
        guard let label = child.label else { continue }
        let inner = Mirror(reflecting: child.value)
        if inner.displayStyle == .optional && inner.children.isEmpty { continue }
        properties[label] = child.value
      }
      XCTAssertEqual(
        Set(members.map(\.key)), Set(properties.keys), path, file: file, line: line)
      XCTAssertEqual(members.count, properties.count, "\(path): a key twice", file: file, line: line)
      for member in members {
        guard let property = properties[member.key] else { continue }
        assertMirrors(
          property, member.value, path: "\(path).\(member.key)", structs: &structs, file: file,
          line: line)
      }
    case (.collection, .array(let elements)):
      let values = mirror.children.map(\.value)
      XCTAssertEqual(values.count, elements.count, path, file: file, line: line)
      for (index, (element, written)) in zip(values, elements).enumerated() {
        assertMirrors(
          element, written, path: "\(path)[\(index)]", structs: &structs, file: file, line: line)
      }
    case (nil, .string(let text)):
      XCTAssertEqual(value as? String, text, path, file: file, line: line)
    case (nil, .int(let number)):
      XCTAssertEqual(value as? Int, number, path, file: file, line: line)
    case (nil, .bool(let isTrue)):
      XCTAssertEqual(value as? Bool, isTrue, path, file: file, line: line)
    default:
      XCTFail("\(path): \(type(of: value)) written as \(json)", file: file, line: line)
    }
  }
}
