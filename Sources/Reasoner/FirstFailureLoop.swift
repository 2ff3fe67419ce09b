// A worker loop for user callbacks: hands out units through an atomic counter, stops at the first
// failure and rethrows it. Tested through rs_reward_eval by python/tests/test_reward_bridge.py.
import Dispatch
import Synchronization

/// Runs `work(u)` for u in 0..<units on up to `threads` threads (the caller's thread included).
/// Units are handed out by an atomic next-unit counter, so the result never depends on how many
/// threads Dispatch actually provides. After the first thrown error no new unit starts (a stop flag
/// is checked before each one); units already running finish; then that first error is rethrown.
/// Never call it while holding a lock the callbacks might need.
func runUntilFirstFailure(units: Int, threads: Int, _ work: @Sendable (Int) throws -> Void) throws {
  if units <= 0 { return }
  let next = Atomic<Int>(0)
  let stop = Atomic<Bool>(false)
  let firstError = Mutex<(any Error)?>(nil)
  let workers = min(max(1, threads), units)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while !stop.load(ordering: .acquiring) {
      let unit = next.wrappingAdd(1, ordering: .relaxed).oldValue
      if unit >= units { break }
      do {
        try work(unit)
      } catch {
        firstError.withLock { if $0 == nil { $0 = error } }
        stop.store(true, ordering: .releasing)
      }
    }
  }
  if let error = firstError.withLock({ $0 }) { throw error }
}
