/// Arranges a chain's findings so that one root cause gives one error: the first error met on
/// the way down (the link that broke) stands at the top, and every later error, which follows
/// from it or cannot be trusted after it, is listed under it as a consequence. Warnings,
/// advice and information stay at the top level.
public enum ChainFindings {
  public static func arrange(_ findings: [Finding]) -> [Finding] {
    guard var root = findings.first(where: { $0.severity == .error }) else { return findings }
    var arranged: [Finding] = []
    var placedRoot = false
    for finding in findings {
      if finding.severity == .error {
        if !placedRoot {
          placedRoot = true
          arranged.append(root)
        } else if !Self.saysSame(finding, as: [root] + root.consequences) {
          root.consequences.append(finding)
        }
      } else {
        arranged.append(finding)
      }
    }
    if let index = arranged.firstIndex(where: { $0.severity == .error }) {
      arranged[index] = root
    }
    return arranged
  }

  /// The same code about the same subject is one fact, however often a lookup failed for it.
  static func saysSame(_ finding: Finding, as others: [Finding]) -> Bool {
    others.contains { $0.code == finding.code && $0.subject == finding.subject }
  }

  /// Every finding, consequences included, depth first.
  public static func flatten(_ findings: [Finding]) -> [Finding] {
    findings.flatMap { [$0] + flatten($0.consequences) }
  }
}
