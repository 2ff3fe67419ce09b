// Parallel-for over an index range with an atomic work counter (correct whatever number of threads
// Dispatch actually provides). Tested indirectly by every batched kernel's test against its serial result.
import Dispatch
import Synchronization

/// Runs `body(i)` for every i in 0..<count on up to `threads` workers. Work is handed out in chunks
/// through an atomic counter, so the result never depends on how many threads show up.
public func parallelFor(_ count: Int, threads: Int = defaultThreadCount, chunk: Int = 1,
                        _ body: @Sendable (Int) -> Void) {
  if count <= 0 { return }
  let workers = min(max(1, threads), (count + chunk - 1) / chunk)
  if workers == 1 {
    for i in 0..<count { body(i) }
    return
  }
  let next = Atomic<Int>(0)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
      if start >= count { break }
      for i in start..<min(start + chunk, count) { body(i) }
    }
  }
}

/// Worker threads for Swift-side loops: the machine's active cores.
public let defaultThreadCount: Int = {
  #if os(Linux)
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  #else
    return 2
  #endif
}()

#if os(Linux)
  import Glibc
#endif
