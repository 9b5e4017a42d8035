import Foundation

/// One DNS exchange over UDP with a server the test started on 127.0.0.1: send the query
/// octets, wait (bounded by `timeout`) for one datagram, return it.
enum UDPExchange {
  struct Failed: Error, CustomStringConvertible {
    let description: String
  }

  static func send(_ query: [UInt8], port: UInt16, timeout: TimeInterval = 5) throws -> [UInt8] {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { throw Failed(description: "socket() failed: errno \(errno)") }
    defer { close(fd) }
    var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let sent = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard sent == query.count else { throw Failed(description: "sendto() failed: errno \(errno)") }
    var buffer = [UInt8](repeating: 0, count: 65_535)
    let received = recv(fd, &buffer, buffer.count, 0)
    guard received > 0 else {
      throw Failed(description: "no answer from 127.0.0.1:\(port) within \(timeout) s")
    }
    return Array(buffer[0..<received])
  }
}
