// @c shims for reasoner.h's RL training section: an RLTrainer over a loaded model with C-callback or
// built-in rewards; one step per call, metrics as JSON; checkpoints saved and resumed. Tested by python/tests/test_rl_trainer.py
// (reward exceptions leave weights and the step counter unchanged, metrics, config errors).
import CReasoner
import Foundation
import ReasonerCore

/// The object behind an rs_rl_trainer handle.
final class RLTrainerBox {
  let trainer: RLTrainer
  init(_ trainer: RLTrainer) { self.trainer = trainer }
}

@c public func rs_rl_trainer_create(
  _ model: UnsafeMutablePointer<rs_model>?, _ configJSON: UnsafePointer<CChar>?, _ configLength: size_t,
  _ rewards: UnsafePointer<UnsafePointer<rs_reward>?>?, _ weights: UnsafePointer<Double>?, _ rewardCount: size_t,
  _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_rl_trainer>?>?
) -> Int32 {
  do {
    let m = try modelBox(UnsafePointer(model))
    let out = try required(out, "out")
    let json = try text(configJSON, configLength, "config_json")
    let config: RLConfig
    do {
      config = try JSONDecoder().decode(RLConfig.self, from: Data((json.isEmpty ? "{}" : json).utf8))
    } catch let e as ReasonerError {
      throw e
    } catch {
      throw ReasonerError(.invalidArgument, "config_json: not a JSON object of config fields (\(error))")
    }
    var reward: any RewardFunction = CorrectnessReward()
    if rewardCount > 0 {
      let (handles, w) = (try required(rewards, "rewards"), try required(weights, "weights"))
      reward = WeightedRewards(try (0..<rewardCount).map { i in
        (function: rewardFunction(try required(handles[i], "rewards[\(i)]")), weight: w[i])
      })
    }
    let codec = RLTextCodec.tokenizer(m.tokenizer, template: config.promptTemplate)
    let trainer = try RLTrainer(policy: m.model, codec: codec, config: config, reward: reward)
    trainer.tokenizer = m.tokenizer
    let handle = UnsafeMutablePointer<rs_rl_trainer>.allocate(capacity: 1)
    handle.initialize(to: rs_rl_trainer(private_impl: retained(RLTrainerBox(trainer))))
    out.pointee = handle
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_rl_trainer_step(
  _ trainer: UnsafeMutablePointer<rs_rl_trainer>?, _ records: UnsafePointer<rs_rl_record>?, _ count: size_t,
  _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let t = box(try required(trainer, "trainer").pointee.private_impl, as: RLTrainerBox.self).trainer
    let out = try required(outJSON, "out_metrics_json")
    let items = count == 0 ? [] : Array(UnsafeBufferPointer(start: try required(records, "records"), count: count))
    let batch = try items.enumerated().map { i, r in
      RLRecord(problem: try text(r.problem, r.problem_len, "records[\(i)].problem"),
               answer: try text(r.answer, r.answer_len, "records[\(i)].answer"), index: i)
    }
    giveString(try t.step(records: batch).jsonLine(), out, outLength)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_rl_trainer_completed_steps(_ trainer: UnsafePointer<rs_rl_trainer>?, _ out: UnsafeMutablePointer<Int64>?) -> Int32 {
  do {
    let t = box(try required(trainer, "trainer").pointee.private_impl, as: RLTrainerBox.self).trainer
    try required(out, "out").pointee = Int64(t.completedSteps)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_rl_trainer_save_checkpoint(_ trainer: UnsafePointer<rs_rl_trainer>?, _ dir: UnsafePointer<CChar>?) -> Int32 {
  do {
    let t = box(try required(trainer, "trainer").pointee.private_impl, as: RLTrainerBox.self).trainer
    try t.saveCheckpoint(to: try pathArgument(dir, "dir"))
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_rl_trainer_resume(_ trainer: UnsafeMutablePointer<rs_rl_trainer>?, _ dir: UnsafePointer<CChar>?) -> Int32 {
  do {
    let t = box(try required(trainer, "trainer").pointee.private_impl, as: RLTrainerBox.self).trainer
    try t.resume(from: try pathArgument(dir, "dir"))
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_rl_trainer_free(_ trainer: UnsafeMutablePointer<rs_rl_trainer>?) {
  guard let trainer else { return }
  release(trainer.pointee.private_impl)
  trainer.deallocate()
}
