// @c shims for reasoner.h: convert C types to core types and Swift errors to status codes; nothing else.
// Tested by python/tests (through the extension) and scripts/check_abi.sh (header drift).
import CReasoner
import ReasonerCore

public let reasonerVersion = "0.1.0"

/// Per-thread last error message (NUL-terminated, malloc'd, owned by the slot).
private final class ErrorSlot: @unchecked Sendable {
  var message: UnsafeMutablePointer<CChar> = strdup("")!
  func set(_ text: String) {
    free(message)
    message = strdup(text)!
  }
  deinit { free(message) }
}
nonisolated(unsafe) private var errorKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { p in if let p { Unmanaged<ErrorSlot>.fromOpaque(p).release() } }
  return key
}()

private func errorSlot() -> ErrorSlot {
  if let p = pthread_getspecific(errorKey) { return Unmanaged<ErrorSlot>.fromOpaque(p).takeUnretainedValue() }
  let slot = ErrorSlot()
  pthread_setspecific(errorKey, Unmanaged.passRetained(slot).toOpaque())
  return slot
}

/// Records `error` for rs_last_error_message and returns its status code.
func fail(_ error: Error) -> Int32 {
  let message: String
  let code: Int32
  if let e = error as? ReasonerError {
    message = e.description
    switch e.kind {
    case .invalidArgument, .invalidFile: code = Int32(RS_ERR_INVALID)
    case .io: code = Int32(RS_ERR_IO)
    case .numerical: code = Int32(RS_ERR_NUMERICAL)
    case .callback: code = Int32(RS_ERR_CALLBACK)
    case .unsupported: code = Int32(RS_ERR_UNSUPPORTED)
    }
  } else {
    message = "\(error)"
    code = Int32(RS_ERR_INTERNAL)
  }
  errorSlot().set(message)
  return code
}

@c public func rs_abi_version() -> Int32 { Int32(RS_ABI_VERSION) }

nonisolated(unsafe) private let versionCString: UnsafeMutablePointer<CChar> = strdup(reasonerVersion)!
@c public func rs_version() -> UnsafePointer<CChar>? { UnsafePointer(versionCString) }

@c public func rs_last_error_message() -> UnsafePointer<CChar>? {
  UnsafePointer(errorSlot().message)
}

#if os(Linux)
  import Glibc
#endif
