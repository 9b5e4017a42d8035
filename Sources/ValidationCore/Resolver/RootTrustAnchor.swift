/// The root zone's key-signing keys as DS records (IANA root-anchors), used when
/// /usr/share/dns/root.key (Debian's dns-root-data) is missing.
///
/// KSK-2017 (key tag 20326) signs the root today; KSK-2024 (key tag 38696) is its published
/// successor. Both are RSASHA256 (8) with SHA-256 (2) digests.
///
/// The list must follow IANA's root KSK rollovers. When it falls behind on a machine without
/// dns-root-data, validation from it fails, and the chain report says why: the root's DNSKEY set
/// holds no key matching the anchor (TRUST_ANCHOR_NO_MATCHING_DNSKEY).
enum RootTrustAnchor {
  static let dsRecords = [
    ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
    ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
  ]
}
