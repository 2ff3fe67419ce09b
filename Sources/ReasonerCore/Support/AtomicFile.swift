// Atomic file and directory writes: temporary name, fsync, rename. A run killed at any moment leaves
// either the old file (or checkpoint directory) or the new one, never half of one.
// Tested in Tests/ReasonerCoreTests/SupportTests.swift.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

public enum AtomicFile {
  /// Writes `data` to `path` atomically: `path.tmp-PID`, fsync, rename over `path`, fsync the folder.
  public static func write(_ data: Data, to path: String) throws {
    let tmp = "\(path).tmp-\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { throw ReasonerError(.io, "\(tmp): cannot create (\(String(cString: strerror(errno))))") }
    var ok = true
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n <= 0 { ok = false; break }
        offset += n
      }
    }
    if ok { ok = fsync(fd) == 0 }
    close(fd)
    if !ok {
      unlink(tmp)
      throw ReasonerError(.io, "\(path): write failed (\(String(cString: strerror(errno))))")
    }
    if rename(tmp, path) != 0 {
      unlink(tmp)
      throw ReasonerError(.io, "\(path): rename failed (\(String(cString: strerror(errno))))")
    }
    syncDirectory(containing: path)
  }

  /// Replaces directory `path` by one that `fill` populates, atomically: `fill` writes into a fresh
  /// `path.tmp-PID` folder (every file fsynced), which is renamed over `path` (the old one is moved aside
  /// first and removed after). A crash leaves `path` or `path.old-PID` intact; `recover` restores it.
  public static func replaceDirectory(at path: String, _ fill: (String) throws -> Void) throws {
    let fm = FileManager.default
    let tmp = "\(path).tmp-\(getpid())", old = "\(path).old-\(getpid())"
    try? fm.removeItem(atPath: tmp)
    try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    do { try fill(tmp) } catch {
      try? fm.removeItem(atPath: tmp)
      throw error
    }
    syncDirectory(containing: tmp + "/x")
    let hadOld = fm.fileExists(atPath: path)
    if hadOld, rename(path, old) != 0 {
      throw ReasonerError(.io, "\(path): cannot move the previous checkpoint aside")
    }
    if rename(tmp, path) != 0 {
      if hadOld { rename(old, path) }
      throw ReasonerError(.io, "\(path): rename of the new checkpoint failed")
    }
    syncDirectory(containing: path)
    if hadOld { try? fm.removeItem(atPath: old) }
  }

  /// After a crash between the two renames of `replaceDirectory`, puts the previous directory back.
  public static func recoverDirectory(at path: String) {
    let fm = FileManager.default
    if fm.fileExists(atPath: path) { return }
    let parent = (path as NSString).deletingLastPathComponent
    let base = (path as NSString).lastPathComponent
    let entries = (try? fm.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent)) ?? []
    if let old = entries.first(where: { $0.hasPrefix(base + ".old-") }) {
      rename((parent.isEmpty ? "" : parent + "/") + old, path)
    }
  }

  private static func syncDirectory(containing path: String) {
    let dir = (path as NSString).deletingLastPathComponent
    let fd = open(dir.isEmpty ? "." : dir, O_RDONLY)
    if fd >= 0 {
      fsync(fd)
      close(fd)
    }
  }
}
