// @c shims for reasoner.h's rewards section: rs_reward_* handles around CallbackReward, and
// rs_reward_eval. Tested by python/tests/test_reward_bridge.py; header drift by scripts/check_abi.sh.
import CReasoner
import ReasonerCore

/// The object behind an rs_reward handle.
final class RewardHandle {
  let reward: any RewardFunction
  init(_ reward: any RewardFunction) { self.reward = reward }
}

/// The RewardFunction behind a handle, for other shims (the trainer takes rs_reward handles).
func rewardFunction(_ handle: UnsafePointer<rs_reward>) -> any RewardFunction {
  Unmanaged<RewardHandle>.fromOpaque(handle.pointee.private_impl).takeUnretainedValue().reward
}

@c public func rs_reward_default_params() -> rs_reward_params {
  rs_reward_params(threads: 1, chunk_size: 0)
}

private func makeReward(
  _ callback: RewardCallback?, _ userData: UnsafeMutableRawPointer?, _ name: UnsafePointer<CChar>?,
  _ params: UnsafePointer<rs_reward_params>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_reward>?>?
) -> Int32 {
  do {
    guard let callback else { throw ReasonerError(.invalidArgument, "reward callback fn is NULL") }
    guard let out else { throw ReasonerError(.invalidArgument, "out (rs_reward **) is NULL") }
    let p = params?.pointee ?? rs_reward_default_params()
    if p.threads < 1 {
      throw ReasonerError(.invalidArgument, "rs_reward_params.threads is \(p.threads); expected >= 1")
    }
    if p.chunk_size < 0 {
      throw ReasonerError(.invalidArgument, "rs_reward_params.chunk_size is \(p.chunk_size); expected >= 0")
    }
    let reward = CallbackReward(
      name: name.map { String(cString: $0) } ?? "reward", callback: callback, userData: userData,
      threads: Int(p.threads), chunkSize: Int(p.chunk_size))
    let handle = UnsafeMutablePointer<rs_reward>.allocate(capacity: 1)
    handle.initialize(to: rs_reward(private_impl: Unmanaged.passRetained(RewardHandle(reward)).toOpaque()))
    out.pointee = handle
    return Int32(RS_OK)
  } catch {
    return fail(error)
  }
}

@c public func rs_reward_create_batch(
  _ fn: rs_batch_reward_fn?, _ userData: UnsafeMutableRawPointer?, _ name: UnsafePointer<CChar>?,
  _ params: UnsafePointer<rs_reward_params>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_reward>?>?
) -> Int32 {
  makeReward(fn.map { .batch($0) }, userData, name, params, out)
}

@c public func rs_reward_create_per_response(
  _ fn: rs_reward_fn?, _ userData: UnsafeMutableRawPointer?, _ name: UnsafePointer<CChar>?,
  _ params: UnsafePointer<rs_reward_params>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_reward>?>?
) -> Int32 {
  makeReward(fn.map { .perResponse($0) }, userData, name, params, out)
}

@c public func rs_reward_free(_ reward: UnsafeMutablePointer<rs_reward>?) {
  guard let reward else { return }
  Unmanaged<RewardHandle>.fromOpaque(reward.pointee.private_impl).release()
  reward.deallocate()
}

@c public func rs_reward_eval(
  _ reward: UnsafePointer<rs_reward>?, _ batch: UnsafePointer<rs_reward_batch>?,
  _ rewards: UnsafeMutablePointer<Double>?, _ valid: UnsafeMutablePointer<UInt8>?
) -> Int32 {
  do {
    guard let reward else { throw ReasonerError(.invalidArgument, "reward is NULL") }
    guard let batch else { throw ReasonerError(.invalidArgument, "batch is NULL") }
    let count = batch.pointee.count
    guard count == 0 || (rewards != nil && valid != nil) else {
      throw ReasonerError(.invalidArgument, "rewards or valid is NULL for a batch of \(count)")
    }
    let scores = try rewardFunction(reward).rewards(for: try RewardBatch(batch.pointee))
    for (i, score) in scores.enumerated() {
      rewards![i] = score ?? 0
      valid![i] = score == nil ? 0 : 1
    }
    return Int32(RS_OK)
  } catch {
    return fail(error)
  }
}

@c public func rs_reward_create_correctness(_ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_reward>?>?) -> Int32 {
  do {
    let out = try required(out, "out")
    let handle = UnsafeMutablePointer<rs_reward>.allocate(capacity: 1)
    handle.initialize(to: rs_reward(private_impl: Unmanaged.passRetained(RewardHandle(CorrectnessReward())).toOpaque()))
    out.pointee = handle
    return Int32(RS_OK)
  } catch {
    return fail(error)
  }
}
