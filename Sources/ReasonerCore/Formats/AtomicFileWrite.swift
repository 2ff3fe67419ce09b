// AtomicFileWrite: writes a file as temporary name → fsync → rename, so a process killed mid-write leaves the
// old file or the new one, never half of one (checkpoints rely on it). Tested in FormatsModelLoaderTests.
import Foundation

#if os(Linux)
  import Glibc
#endif

/// Writes `data` to `url` atomically; errors name the file.
public func writeFileAtomically(_ data: Data, to url: URL) throws {
  let path = url.path
  let temporary = url.deletingLastPathComponent()
    .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
  func fail(_ what: String) -> ReasonerError {
    ReasonerError(.io, "\(path): \(what) failed (\(String(cString: strerror(errno))))")
  }
  let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  if fd < 0 { throw fail("creating \(temporary)") }
  var ok = false
  defer {
    if !ok { unlink(temporary) }
  }
  try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
    var written = 0
    while written < raw.count {
      let n = write(fd, raw.baseAddress! + written, raw.count - written)
      if n < 0 {
        if errno == EINTR { continue }
        close(fd)
        throw fail("writing")
      }
      written += n
    }
  }
  if fsync(fd) != 0 {
    close(fd)
    throw fail("fsync")
  }
  close(fd)
  if rename(temporary, path) != 0 { throw fail("rename from \(temporary)") }
  ok = true
  // Make the rename itself durable.
  let dirfd = open(url.deletingLastPathComponent().path, O_RDONLY)
  if dirfd >= 0 {
    fsync(dirfd)
    close(dirfd)
  }
}
