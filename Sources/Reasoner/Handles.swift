// Helpers shared by the @c shims: library-owned strings and arrays handed out through out-parameters,
// borrowed UTF-8 in, and the boxes behind opaque handles. Tested through python/tests.
import CReasoner
import ReasonerCore

#if os(Linux)
  import Glibc
#endif

/// A borrowed (pointer, length) UTF-8 text as a String (invalid bytes become U+FFFD).
func text(_ p: UnsafePointer<CChar>?, _ length: Int, _ name: String) throws -> String {
  guard let p else {
    if length == 0 { return "" }
    throw nullArgument(name)
  }
  return String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self)
}

/// A NUL-terminated path argument.
func pathArgument(_ p: UnsafePointer<CChar>?, _ name: String) throws -> String {
  guard let p else { throw nullArgument(name) }
  return String(cString: p)
}

/// Copies `s` into a malloc'd NUL-terminated buffer (freed by the caller with rs_free).
func giveString(
  _ s: String, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ length: UnsafeMutablePointer<size_t>?
) {
  var s = s
  s.withUTF8 { utf8 in
    let buffer = malloc(utf8.count + 1)!.assumingMemoryBound(to: CChar.self)
    if let base = utf8.baseAddress { memcpy(buffer, base, utf8.count) }
    buffer[utf8.count] = 0
    out?.pointee = buffer
    length?.pointee = utf8.count
  }
}

/// Copies `values` into a malloc'd array (freed by the caller with rs_free).
func giveArray<T>(_ values: [T], _ out: UnsafeMutablePointer<UnsafeMutablePointer<T>?>?, _ count: UnsafeMutablePointer<size_t>?) {
  let buffer = malloc(max(1, values.count * MemoryLayout<T>.stride))!.assumingMemoryBound(to: T.self)
  values.withUnsafeBufferPointer { if let b = $0.baseAddress { buffer.initialize(from: b, count: values.count) } }
  out?.pointee = buffer
  count?.pointee = values.count
}

@c public func rs_free(_ buffer: UnsafeMutableRawPointer?) { free(buffer) }

/// The error of a NULL pointer argument.
func nullArgument(_ name: String) -> ReasonerError { ReasonerError(.invalidArgument, "\(name) is NULL") }

/// Non-nil or a thrown "name is NULL".
func required<T>(_ value: T?, _ name: String) throws -> T {
  guard let value else { throw nullArgument(name) }
  return value
}

/// The object behind an opaque handle `{ void *private_impl; }`.
func box<Object: AnyObject>(_ privateImpl: UnsafeMutableRawPointer?, as: Object.Type) -> Object {
  Unmanaged<Object>.fromOpaque(privateImpl!).takeUnretainedValue()
}

/// A retained pointer to store in a handle's private_impl.
func retained(_ object: AnyObject) -> UnsafeMutableRawPointer { Unmanaged.passRetained(object).toOpaque() }

/// Releases what `retained` returned.
func release(_ privateImpl: UnsafeMutableRawPointer?) {
  if let privateImpl { Unmanaged<AnyObject>.fromOpaque(privateImpl).release() }
}
