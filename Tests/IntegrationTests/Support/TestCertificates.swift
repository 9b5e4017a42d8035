import Foundation

/// Certificates for tests, made with the `openssl` command line in a temporary folder (never by
/// danescope's own code, so that expectations come from the reference tool): self-signed RSA or
/// EC leaves, a root CA → leaf pair, and a root CA → intermediate → leaf chain. Paths are PEM
/// files.
struct TestCertificate {
  let certificate: URL
  let key: URL
  /// The certificate followed by the intermediates to serve (equal to `certificate` when there
  /// are none).
  let chain: URL
  /// A root that signed the chain, when there is one.
  let root: URL?
}

enum TestCertificates {
  enum KeyKind {
    case rsa
    case ec
    case ed25519

    var arguments: [String] {
      switch self {
      case .rsa: return ["-newkey", "rsa:2048"]
      case .ec: return ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
      case .ed25519: return ["-newkey", "ed25519"]
      }
    }
  }

  /// OpenSSL's own DANE decision for `record` at the STARTTLS `server` (`HOST:PORT`), with
  /// `name` as the TLSA base domain: its words for the match (`… signed the certificate at depth
  /// 0`, `… matched TA certificate at depth 1`), or nil when it did not verify.
  static func openSSLDANEDecision(_ server: String, name: String, record: String) throws
    -> String?
  {
    let result = try TestProcess.run(
      "openssl",
      [
        "s_client", "-starttls", "smtp", "-connect", server, "-dane_tlsa_domain", name,
        "-dane_tlsa_rrdata", record, "-brief",
      ], timeout: 20, stdin: Data("QUIT\r\n".utf8))
    let text = result.stdout + result.stderr
    guard text.contains("Verification: OK") else { return nil }
    return text.split(separator: "\n").first { $0.contains("DANE TLSA") }.map(String.init)
  }

  /// Each PEM certificate block of `text` (a file, or `openssl s_client -showcerts` output) in a
  /// file of its own, `PREFIX-N.pem` in `folder`, in order.
  static func split(_ text: String, in folder: TemporaryDirectory, as prefix: String) throws
    -> [URL]
  {
    var files: [URL] = []
    var current: [Substring] = []
    for line in text.split(separator: "\n") {
      if line.hasPrefix("-----BEGIN CERTIFICATE-----") { current = [] }
      current.append(line)
      if line.hasPrefix("-----END CERTIFICATE-----") {
        files.append(
          try folder.write("\(prefix)-\(files.count).pem", current.joined(separator: "\n") + "\n"))
      }
    }
    return files
  }

  /// A self-signed leaf for `name` (CN and DNS SAN), valid for `days` from now.
  /// `subjectAltName` replaces the SAN (`DNS:a,DNS:b`, or `DER:HEX` for octets openssl would
  /// not write from text).
  static func selfSigned(
    _ kind: KeyKind, name: String, in folder: TemporaryDirectory, label: String = "leaf",
    days: Int = 30, subjectAltName: String? = nil
  ) throws -> TestCertificate {
    let certificate = folder.file("\(label).crt")
    let key = folder.file("\(label).key")
    try TestProcess.check(
      "openssl",
      [
        "req", "-x509", "-nodes", "-days", String(days), "-subj", "/CN=\(name)",
        "-addext", "subjectAltName=" + (subjectAltName ?? "DNS:\(name)"), "-keyout", key.path,
        "-out", certificate.path,
      ]
        + kind.arguments)
    return TestCertificate(certificate: certificate, key: key, chain: certificate, root: nil)
  }

  /// A self-signed leaf for `name` (CN and DNS SAN, EC P-256) valid exactly from `notBefore` to
  /// `notAfter` (`YYYYMMDDHHMMSSZ`), which may be in the past or the future: `openssl ca
  /// -selfsign` sets both dates, where `req -x509` only counts days from now.
  static func selfSigned(
    name: String, notBefore: String, notAfter: String, in folder: TemporaryDirectory,
    label: String = "window"
  ) throws -> TestCertificate {
    let certificate = folder.file("\(label).crt")
    let key = folder.file("\(label).key")
    let request = folder.file("\(label).csr")
    let database = try folder.write("\(label)-index.txt", "")
    let serial = try folder.write("\(label)-serial", "01\n")
    let configuration = try folder.write(
      "\(label)-ca.cnf",
      """
      [ca]
      default_ca = window
      [window]
      database = \(database.path)
      new_certs_dir = \(folder.url.path)
      serial = \(serial.path)
      default_md = sha256
      policy = anything
      copy_extensions = copy
      unique_subject = no
      [anything]
      commonName = supplied

      """)
    try TestProcess.check(
      "openssl",
      [
        "req", "-new", "-nodes", "-subj", "/CN=\(name)", "-addext", "subjectAltName=DNS:\(name)",
        "-keyout", key.path, "-out", request.path,
      ] + KeyKind.ec.arguments)
    try TestProcess.check(
      "openssl",
      [
        "ca", "-batch", "-selfsign", "-config", configuration.path, "-keyfile", key.path,
        "-in", request.path, "-out", certificate.path, "-startdate", notBefore, "-enddate",
        notAfter, "-notext",
      ])
    return TestCertificate(certificate: certificate, key: key, chain: certificate, root: nil)
  }

  /// Root CA → intermediate CA → leaf for `name`; `chain` holds the leaf then the intermediate.
  static func caChain(_ kind: KeyKind, name: String, in folder: TemporaryDirectory) throws
    -> TestCertificate
  {
    let caExtensions = try folder.write(
      "ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n")
    let leafExtensions = try folder.write(
      "leaf.ext", "basicConstraints=CA:FALSE\nsubjectAltName=DNS:\(name)\n")
    let (root, rootKey) = try makeRoot(kind, in: folder, days: 60)
    let intermediate = try signed(
      "intermediate", subject: "/CN=danescope test intermediate", kind: kind, issuer: root,
      issuerKey: rootKey, extensions: caExtensions, in: folder)
    let leaf = try signed(
      "leaf", subject: "/CN=\(name)", kind: kind, issuer: intermediate.certificate,
      issuerKey: intermediate.key, extensions: leafExtensions, in: folder)
    let chain = try concatenate([leaf.certificate, intermediate.certificate], in: folder)
    return TestCertificate(certificate: leaf.certificate, key: leaf.key, chain: chain, root: root)
  }

  /// Root CA → leaf for `names` (each a DNS SAN, the first also the CN) with the serverAuth
  /// usage; `chain` holds the leaf then the root, as a server sends it when it includes its
  /// issuer.
  static func rootAndLeaf(
    _ kind: KeyKind, names: [String], in folder: TemporaryDirectory, days: Int = 30
  ) throws -> TestCertificate {
    let (root, rootKey) = try makeRoot(kind, in: folder, days: days)
    let leafExtensions = try folder.write(
      "leaf.ext",
      "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
        + "subjectAltName=" + names.map { "DNS:\($0)" }.joined(separator: ",") + "\n")
    let leaf = try signed(
      "leaf", subject: "/CN=\(names.first ?? "leaf")", kind: kind, issuer: root,
      issuerKey: rootKey, extensions: leafExtensions, in: folder, days: days)
    let chain = try concatenate([leaf.certificate, root], in: folder)
    return TestCertificate(certificate: leaf.certificate, key: leaf.key, chain: chain, root: root)
  }

  /// One root CA → one leaf per entry of `names` (a leaf's DNS SANs, the first also its CN),
  /// each as `rootAndLeaf` makes it: servers under the same trust anchor. Files are named
  /// `leaf-N*` so as not to clash with one another.
  static func rootAndLeaves(
    _ kind: KeyKind, names: [[String]], in folder: TemporaryDirectory
  ) throws -> [TestCertificate] {
    let (root, rootKey) = try makeRoot(kind, in: folder, days: 30)
    return try names.enumerated().map { index, leafNames in
      let extensions = try folder.write(
        "leaf-\(index).ext",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
          + "subjectAltName=" + leafNames.map { "DNS:\($0)" }.joined(separator: ",") + "\n")
      let leaf = try signed(
        "leaf-\(index)", subject: "/CN=\(leafNames.first ?? "leaf")", kind: kind, issuer: root,
        issuerKey: rootKey, extensions: extensions, in: folder)
      let chain = folder.file("leaf-\(index)-chain.pem")
      let text = try [leaf.certificate, root].map { try String(contentsOf: $0, encoding: .utf8) }
      try text.joined().write(to: chain, atomically: true, encoding: .utf8)
      return TestCertificate(certificate: leaf.certificate, key: leaf.key, chain: chain, root: root)
    }
  }

  /// Root CA → leaf for `name`, as `rootAndLeaf`, but the leaf valid only from `notBefore` to
  /// `notAfter` (in the past for an expired leaf): `openssl ca`, which takes explicit dates
  /// (`openssl x509 -req` in OpenSSL 3.0 takes only a number of days from now). Files are
  /// named `dated-*` so as not to clash with another chain in the same folder.
  static func rootAndDatedLeaf(
    _ kind: KeyKind, name: String, notBefore: Date, notAfter: Date, in folder: TemporaryDirectory
  ) throws -> TestCertificate {
    let ca = try TemporaryDirectory("danescope-dated-ca")
    let (root, rootKey) = try makeRoot(kind, in: ca, days: 30)
    let key = folder.file("dated-leaf.key")
    let request = ca.file("leaf.csr")
    try TestProcess.check(
      "openssl",
      ["req", "-new", "-nodes", "-subj", "/CN=\(name)", "-keyout", key.path, "-out", request.path]
        + kind.arguments)
    _ = try ca.write("index.txt", "")
    _ = try ca.write("serial", "1000\n")
    let config = try ca.write(
      "ca.conf",
      """
      [ca]
      default_ca = dated
      [dated]
      database = \(ca.file("index.txt").path)
      new_certs_dir = \(ca.url.path)
      serial = \(ca.file("serial").path)
      default_md = sha256
      policy = anything
      unique_subject = no
      [anything]
      commonName = supplied
      [leaf]
      basicConstraints = CA:FALSE
      keyUsage = digitalSignature
      extendedKeyUsage = serverAuth
      subjectAltName = DNS:\(name)

      """)
    let certificate = folder.file("dated-leaf.crt")
    try TestProcess.check(
      "openssl",
      [
        "ca", "-batch", "-notext", "-config", config.path, "-cert", root.path, "-keyfile",
        rootKey.path, "-in", request.path, "-out", certificate.path, "-extensions", "leaf",
        "-startdate", caDate(notBefore), "-enddate", caDate(notAfter),
      ])
    let servedRoot = folder.file("dated-root.crt")
    try FileManager.default.copyItem(at: root, to: servedRoot)
    let chain = folder.file("dated-chain.pem")
    let text = try [certificate, servedRoot].map { try String(contentsOf: $0, encoding: .utf8) }
    try text.joined().write(to: chain, atomically: true, encoding: .utf8)
    return TestCertificate(certificate: certificate, key: key, chain: chain, root: servedRoot)
  }

  /// `YYYYMMDDHHMMSSZ` in UTC, as `openssl ca -startdate/-enddate` take it.
  private static func caDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMddHHmmss'Z'"
    return formatter.string(from: date)
  }

  private static func makeRoot(_ kind: KeyKind, in folder: TemporaryDirectory, days: Int) throws
    -> (certificate: URL, key: URL)
  {
    let root = folder.file("root.crt")
    let rootKey = folder.file("root.key")
    try TestProcess.check(
      "openssl",
      [
        "req", "-x509", "-nodes", "-days", String(days), "-subj", "/CN=danescope test root",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", rootKey.path, "-out", root.path,
      ] + kind.arguments)
    return (root, rootKey)
  }

  private static func concatenate(_ files: [URL], in folder: TemporaryDirectory) throws -> URL {
    let chain = folder.file("leaf-chain.pem")
    let text = try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined()
    try text.write(to: chain, atomically: true, encoding: .utf8)
    return chain
  }

  private static func signed(
    _ label: String, subject: String, kind: KeyKind, issuer: URL, issuerKey: URL,
    extensions: URL, in folder: TemporaryDirectory, days: Int = 30
  ) throws -> (certificate: URL, key: URL) {
    let key = folder.file("\(label).key")
    let request = folder.file("\(label).csr")
    let certificate = folder.file("\(label).crt")
    try TestProcess.check(
      "openssl",
      ["req", "-new", "-nodes", "-subj", subject, "-keyout", key.path, "-out", request.path]
        + kind.arguments)
    try TestProcess.check(
      "openssl",
      [
        "x509", "-req", "-in", request.path, "-CA", issuer.path, "-CAkey", issuerKey.path,
        "-CAcreateserial", "-days", String(days), "-extfile", extensions.path,
        "-out", certificate.path,
      ])
    return (certificate, key)
  }

  /// TLSA association data computed by an openssl pipeline, independently of danescope:
  /// selector 0 is the certificate's DER, selector 1 its public key's DER; matching type 0
  /// keeps it, 1 and 2 hash it with SHA-256 and SHA-512. Lower-case hex.
  static func referenceAssociationData(certificate: URL, selector: Int, matchingType: Int) throws
    -> String
  {
    let select =
      selector == 0
      ? "openssl x509 -in '\(certificate.path)' -outform DER"
      : "openssl x509 -in '\(certificate.path)' -noout -pubkey | openssl pkey -pubin -outform DER"
    let digest: String
    switch matchingType {
    case 1: digest = "openssl dgst -sha256 -binary"
    case 2: digest = "openssl dgst -sha512 -binary"
    default: digest = "cat"
    }
    let output = try TestProcess.check("sh", ["-c", "\(select) | \(digest) | od -An -v -tx1"])
    return output.filter { $0.isHexDigit }
  }
}

extension TestCertificate {
  /// SHA-256 of the leaf's SubjectPublicKeyInfo, by openssl: the data of a `3 1 1` record.
  func leafSPKISHA256() throws -> String {
    try TestCertificates.referenceAssociationData(
      certificate: certificate, selector: 1, matchingType: 1)
  }

  /// The root's whole SubjectPublicKeyInfo, by openssl: the data of a `2 1 0` record.
  func rootSPKI() throws -> String {
    guard let root else {
      throw TestProcess.ToolFailed(command: "rootSPKI", status: 0, output: "no root made")
    }
    return try TestCertificates.referenceAssociationData(
      certificate: root, selector: 1, matchingType: 0)
  }

  /// SHA-256 of the root's DER, by openssl: the data of a `2 0 1` record.
  func rootSHA256() throws -> String {
    guard let root else {
      throw TestProcess.ToolFailed(command: "rootSHA256", status: 0, output: "no root made")
    }
    return try TestCertificates.referenceAssociationData(
      certificate: root, selector: 0, matchingType: 1)
  }
}
