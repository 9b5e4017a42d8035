import FoundationEssentials
import Glibc
import ValidationCore

/// The lab servers bound each request (a whole SMTP command line, a whole DNS message, a TLS
/// handshake, a reply) by one `Deadline` (ValidationCore's, the probe's own), not each read: a
/// per-read timeout lets a client that sends one octet at a time hold a connection for ever.
extension Deadline {
  /// Waits until `socket` is ready for `events` (POLLIN, POLLOUT), or has hung up or failed,
  /// or the deadline passes: false only in that last case.
  func wait(_ socket: Int32, for events: Int16) -> Bool {
    while !hasPassed {
      var descriptor = pollfd(fd: socket, events: events, revents: 0)
      let ready = poll(&descriptor, 1, remainingMilliseconds)
      if ready > 0 { return true }
      if ready < 0, errno != EINTR { return true }  // let the read or write see the error
    }
    return false
  }
}

extension LabSocket {
  /// Makes `socket` non-blocking: every wait then goes through a `Deadline`.
  static func makeNonBlocking(_ socket: Int32) {
    let flags = fcntl(socket, F_GETFL)
    if flags >= 0 { _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK) }
  }

  /// Exactly `count` octets from a non-blocking socket, or nil on end of stream, error or the
  /// deadline.
  static func read(_ fd: Int32, count: Int, by deadline: Deadline) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
      let got = out[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if got > 0 {
        offset += got
      } else if got < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
        guard deadline.wait(fd, for: Int16(POLLIN)) else { return nil }
      } else {
        return nil
      }
    }
    return out
  }

  /// All of `bytes` to a non-blocking socket; false on error or the deadline.
  static func writeAll(_ fd: Int32, _ bytes: [UInt8], by deadline: Deadline) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if sent > 0 {
        offset += sent
      } else if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
        guard deadline.wait(fd, for: Int16(POLLOUT)) else { return false }
      } else {
        return false
      }
    }
    return true
  }
}
