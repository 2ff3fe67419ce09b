// MappedFile: a read-only memory map of a whole file, so loaders read tensors without copying the file.
// Tested through GGUFReaderTests and SafetensorsTests (fixtures, truncated and oversized files).
import Foundation

#if os(Linux)
  import Glibc
#endif

/// The bytes of one file, mapped read-only. `bytes` stays valid for the lifetime of the object.
public final class MappedFile: @unchecked Sendable {
  // Immutable after init and read-only memory: safe to share between threads.
  public let path: String
  public let bytes: UnsafeRawBufferPointer

  public init(path: String) throws {
    self.path = path
    let fd = open(path, O_RDONLY)
    if fd < 0 {
      throw ReasonerError(.io, "\(path): cannot open (\(String(cString: strerror(errno))))")
    }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 {
      throw ReasonerError(.io, "\(path): cannot stat (\(String(cString: strerror(errno))))")
    }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      throw ReasonerError(.io, "\(path): is a directory, expected a file")
    }
    let size = Int(st.st_size)
    if size == 0 {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
      throw ReasonerError(.io, "\(path): mmap failed (\(String(cString: strerror(errno))))")
    }
    bytes = UnsafeRawBufferPointer(start: base, count: size)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }

  public var count: Int { bytes.count }
}
