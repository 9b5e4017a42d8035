import COpenSSL

/// Reading certificates from a PEM file the way a user means it: every certificate block whole.
/// OpenSSL's `PEM_read_bio_X509` loop stops quietly at the first block it cannot read, so a
/// broken second certificate would be dropped and the chain cut short; and it takes a block
/// whose data holds bytes after the certificate. Here each `CERTIFICATE` block must decode to
/// exactly one certificate, with no headers; a block that starts and never ends, or holds
/// anything but base64, is refused with its line. Text outside the blocks (comments, the
/// `Subject:` lines `openssl x509 -text` writes) and blocks of other kinds (a private key) are
/// skipped, as `openssl x509` skips them. As there, a UTF-8 byte-order mark may open the file,
/// and a `TRUSTED CERTIFICATE` block (`openssl x509 -trustout`) is read for its certificate: the
/// trust settings after it are OpenSSL's own and mean nothing to TLSA.
extension CertificateFacts {
  /// The block labels OpenSSL reads as a certificate (PEM_STRING_X509, PEM_STRING_X509_OLD and
  /// PEM_STRING_X509_TRUSTED).
  static let certificateLabels: Set<String> = [
    "CERTIFICATE", "X509 CERTIFICATE", trustedCertificateLabel,
  ]
  /// A certificate followed by OpenSSL's trust settings (X509_CERT_AUX), read by d2i_X509_AUX.
  static let trustedCertificateLabel = "TRUSTED CERTIFICATE"
  /// The UTF-8 byte-order mark some editors write first; OpenSSL skips it there (only there).
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// Reads every certificate of a PEM text, in order (leaf first, as a chain file lists them).
  public static func readChain(pem: String) throws(CertificateReadError) -> [CertificateFacts] {
    try readChain(file: Array(pem.utf8))
  }

  /// Reads every certificate of a PEM file's bytes. Only the blocks need be ASCII: a comment
  /// outside them may be in any encoding, as OpenSSL does not look at it.
  public static func readChain(file bytes: [UInt8]) throws(CertificateReadError)
    -> [CertificateFacts]
  {
    let lines = PEMLines(bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(3)) : bytes)
    var chain: [CertificateFacts] = []
    var index = 0
    while index < lines.count {
      guard lines.starts(index, with: "-----BEGIN ") else {
        index += 1
        continue
      }
      let begin = index
      guard let end = (begin + 1..<lines.count).first(where: { lines.starts($0, with: "-----END ") })
      else {
        throw .badBlock(line: begin + 1, "has no END line")
      }
      index = end + 1
      // A certificate block's body must be base64: OpenSSL's reader ends a line at a NUL (the
      // rest of it is lost, and the block "decodes, but not to a certificate") and calls an ESC
      // a bad decode; the line, column and octet at fault say more than either.
      let block: PEMBlock
      do {
        block = try readBlock(lines.text(begin...end), line: begin + 1)
      } catch {
        if let label = lines.beginLabel(begin), certificateLabels.contains(label) {
          try checkBase64(lines, begin...end)
        }
        throw error
      }
      guard certificateLabels.contains(block.label) else { continue }
      try checkBase64(lines, begin...end)
      guard let facts = try certificate(block, line: begin + 1, depth: chain.count) else {
        throw notACertificate(lines, begin...end)
      }
      chain.append(facts)
    }
    guard !chain.isEmpty else {
      if isDERCertificate(bytes) { throw .derNotPEM }
      throw .unreadable("no PEM certificate found")
    }
    return chain
  }

  /// Whether `bytes` are exactly one DER certificate.
  public static func isDERCertificate(_ bytes: [UInt8]) -> Bool {
    decodesWhole(bytes) { d2i_X509(nil, $0, $1) }
  }

  /// Whether `decode` (d2i_X509, or d2i_X509_AUX for a certificate with trust settings) reads
  /// one certificate from `bytes` and nothing is left after it.
  private static func decodesWhole(
    _ bytes: [UInt8],
    _ decode: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?
  ) -> Bool {
    guard !bytes.isEmpty else { return false }
    return bytes.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      guard let certificate = decode(&cursor, buffer.count) else {
        _ = OpenSSLErrors.drain()
        return false
      }
      X509_free(certificate)
      return cursor == buffer.baseAddress.map { $0 + buffer.count }
    }
  }

  fileprivate struct PEMBlock {
    let label: String
    let hasHeaders: Bool
    let data: [UInt8]
  }

  /// One block, from its BEGIN line to its END line, decoded by OpenSSL's own PEM reader.
  fileprivate static func readBlock(_ text: [UInt8], line: Int) throws(CertificateReadError)
    -> PEMBlock
  {
    let block = text.withUnsafeBufferPointer { buffer -> PEMBlock? in
      guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
      defer { BIO_free(bio) }
      var name: UnsafeMutablePointer<CChar>?
      var header: UnsafeMutablePointer<CChar>?
      var data: UnsafeMutablePointer<UInt8>?
      var length = 0
      defer {
        ds_OPENSSL_free(name)
        ds_OPENSSL_free(header)
        ds_OPENSSL_free(data)
      }
      guard PEM_read_bio(bio, &name, &header, &data, &length) == 1, let name else {
        return nil
      }
      let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
      return PEMBlock(
        label: String(escapingInvalidUTF8: name),
        hasHeaders: header.map { $0.pointee != 0 } ?? false,
        data: bytes)
    }
    guard let block else {
      let detail = OpenSSLErrors.drain().joined(separator: "; ")
      throw .badBlock(
        line: line,
        "is not valid PEM (a BEGIN and an END line with base64 between them)"
          + (detail.isEmpty ? "" : ": \(detail)"))
    }
    return block
  }

  /// The certificate a block holds; nil when its data is no DER certificate at all (OpenSSL's
  /// error queue is then emptied: its reasons repeat and say little to a person).
  private static func certificate(_ block: PEMBlock, line: Int, depth: Int)
    throws(CertificateReadError) -> CertificateFacts?
  {
    guard !block.hasHeaders else {
      throw .badBlock(
        line: line, "has header lines (Proc-Type, DEK-Info), which a certificate has not")
    }
    let outcome = block.data.withUnsafeBufferPointer { buffer -> (CertificateFacts, Int)? in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      let read = block.label == trustedCertificateLabel ? d2i_X509_AUX : d2i_X509
      guard let certificate = read(nil, &cursor, buffer.count) else { return nil }
      defer { X509_free(certificate) }
      let used = buffer.baseAddress.flatMap { start in cursor.map { $0 - start } } ?? 0
      return (CertificateFacts(certificate: certificate, depth: depth), used)
    }
    guard let (facts, used) = outcome else {
      _ = OpenSSLErrors.drain()
      return nil
    }
    guard used == block.data.count else {
      let what =
        block.label == trustedCertificateLabel ? "certificate and trust settings" : "certificate"
      throw .badBlock(
        line: line, "holds \(block.data.count - used) bytes of data after its \(what)")
    }
    return facts
  }
}

extension CertificateFacts {
  /// Why a block whose base64 decodes holds no certificate, in plain words, naming the line at
  /// fault when there is one: a body line without which the block holds exactly one whole
  /// certificate (a line inserted by mistake), or else a line of another length than the lines
  /// around it (a line cut short or pasted in). `span` runs from the BEGIN to the END line.
  fileprivate static func notACertificate(_ lines: PEMLines, _ span: ClosedRange<Int>)
    -> CertificateReadError
  {
    let line = span.lowerBound + 1
    let what = "does not hold a certificate: its base64 decodes, but not to a DER certificate"
    let body = Array(span.lowerBound + 1..<span.upperBound)
    for extra in body {
      let rest = span.filter { $0 != extra }.flatMap { lines.text($0...$0) }
      if holdsOneWholeCertificate(rest) {
        return .badBlock(
          line: line,
          what + "; line \(extra + 1) does not belong in it: without that line the block holds"
            + " a whole certificate")
      }
    }
    let lengths = body.map { lines.length($0) }
    if let width = lengths.first,
      let odd = body.indices.dropLast().first(where: { lengths[$0] != width })
    {
      return .badBlock(
        line: line,
        what + "; line \(body[odd] + 1) is \(lengths[odd]) characters long where the block's"
          + " other full lines are \(width): a line was cut short, joined or inserted")
    }
    return .badBlock(
      line: line, what + " (a character changed, or lines missing or out of order)")
  }

  /// Refuses a body line of a certificate block with an octet that is not base64 (RFC 4648 §4:
  /// letters, digits, `+`, `/`, `=` padding) nor a blank (space, tab, the CR of a CR LF), naming
  /// the line, the column and the octet (`\DDD` when it is not printable). A block with header
  /// lines (`Proc-Type: …`) is left to the reader, which refuses it for those.
  fileprivate static func checkBase64(_ lines: PEMLines, _ span: ClosedRange<Int>)
    throws(CertificateReadError)
  {
    let body = span.lowerBound + 1..<span.upperBound
    guard !body.contains(where: { lines.text($0...$0).contains(UInt8(ascii: ":")) }) else {
      return
    }
    for line in body {
      let text = lines.text(line...line)
      let content = text.last == UInt8(ascii: "\n") ? text.dropLast() : text[...]
      guard let index = content.firstIndex(where: { !isBase64OrBlank($0) }) else { continue }
      let octet = content[index]
      let shown =
        (0x21...0x7E).contains(octet) && octet != UInt8(ascii: "\\")
        ? "'\(Character(Unicode.Scalar(octet)))'" : DNSName.decimalEscape(octet)
      throw .badBlock(
        line: span.lowerBound + 1,
        "has invalid base64: line \(line + 1), column \(index - content.startIndex + 1) holds"
          + " \(shown), which is not a base64 character")
    }
  }

  private static func isBase64OrBlank(_ octet: UInt8) -> Bool {
    switch octet {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return [UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), 0x20, 0x09, 0x0D]
        .contains(octet)
    }
  }

  /// Whether `text` (a BEGIN line, base64 and an END line) decodes to one certificate (with
  /// its trust settings, in a TRUSTED CERTIFICATE block) and nothing after it.
  private static func holdsOneWholeCertificate(_ text: [UInt8]) -> Bool {
    guard let block = try? readBlock(text, line: 0), !block.hasHeaders else {
      _ = OpenSSLErrors.drain()
      return false
    }
    guard block.label == trustedCertificateLabel else { return isDERCertificate(block.data) }
    return decodesWhole(block.data) { d2i_X509_AUX(nil, $0, $1) }
  }
}

/// A file's lines as byte ranges (without their line ends), numbered from 0.
private struct PEMLines {
  private let bytes: [UInt8]
  private var ranges: [Range<Int>] = []

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var start = 0
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      ranges.append(start..<offset)
      start = offset + 1
    }
    if start < bytes.count { ranges.append(start..<bytes.count) }
  }

  var count: Int { ranges.count }

  /// The line's length, without its line end (a CR before the LF included is not counted).
  func length(_ line: Int) -> Int {
    let range = ranges[line]
    let hasCR = !range.isEmpty && bytes[range.upperBound - 1] == UInt8(ascii: "\r")
    return range.count - (hasCR ? 1 : 0)
  }

  /// The label of a `-----BEGIN LABEL-----` line; nil when the line is not one.
  func beginLabel(_ line: Int) -> String? {
    let text = bytes[ranges[line]]
    let head = Array("-----BEGIN ".utf8)
    let tail = Array("-----".utf8)
    var end = text.endIndex
    if end > text.startIndex, text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    guard text.starts(with: head), text[..<end].count >= head.count + tail.count,
      text[..<end].suffix(tail.count).elementsEqual(tail)
    else { return nil }
    return String(escapingInvalidUTF8: text[(text.startIndex + head.count)..<(end - tail.count)])
  }

  func starts(_ line: Int, with prefix: String) -> Bool {
    bytes[ranges[line]].starts(with: prefix.utf8)
  }

  /// Lines `span` with their line ends, as OpenSSL reads them.
  func text(_ span: ClosedRange<Int>) -> [UInt8] {
    let upper = min(ranges[span.upperBound].upperBound + 1, bytes.count)
    return Array(bytes[ranges[span.lowerBound].lowerBound..<upper])
  }
}
