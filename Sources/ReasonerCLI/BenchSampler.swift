// `reasoner bench sampler`: the per-step cost of sampling (temperature, filters, log-probabilities) for
// a batch of logits rows, in µs per slot-step, to compare with the forward pass. Printed, never asserted.
import ArgumentParser
import Foundation
import ReasonerCore

struct BenchSampler: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sampler", abstract: "Sampling cost per slot and step on synthetic LM-like logits.")

  @Option(help: "Rows (sequences) sampled per step.") var slots = 64
  @Option(help: "Vocabulary size V.") var vocab = 49152
  @Option(help: "Steps timed (after one warm-up step).") var steps = 50
  @Option(help: "Temperature τ (0: greedy).") var temperature: Float = 1.2
  @Option(help: "Top-k (0: off).") var topK = 0
  @Option(help: "Top-p (1: off).") var topP: Float = 1
  @Option(help: "Min-p (0: off).") var minP: Float = 0
  @Option(help: "Worker threads.") var threads = defaultThreadCount
  @Flag(help: "Print one JSON line.") var json = false

  func validate() throws {
    guard slots >= 1, vocab >= 1, steps >= 1, threads >= 1 else {
      throw ValidationError("--slots, --vocab, --steps and --threads must be ≥ 1")
    }
  }

  func run() throws {
    let parameters = SamplingParameters(temperature: temperature, topK: topK, topP: topP, minP: minP)
    let batch = BatchSampler(sampler: try TokenSampler(parameters: parameters), vocabularySize: vocab,
                             threads: threads)
    // LM-like rows: logits ~ N(0, 2.5²) with one token 8 above the rest (a confident next token).
    var generator = Xoshiro256StarStar(seed: 1)
    var logits = [Float](repeating: 0, count: slots * vocab)
    for i in logits.indices {
      let u1 = max(generator.nextUniform(), 1e-12), u2 = generator.nextUniform()
      logits[i] = Float(2.5 * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
    for row in 0..<slots { logits[row * vocab + Int(generator.next() % UInt64(vocab))] += 8 }
    var streams = (0..<slots).map { samplingStream(seed: 0, promptIndex: 0, sampleIndex: $0) }
    var sampled = [SampledToken](repeating: SampledToken(id: 0, logprob: 0), count: slots)
    let rows = Array(0..<slots)
    var times: [Double] = []
    var cpuStart = 0.0
    try logits.withUnsafeBufferPointer { buffer in
      for step in 0...steps {
        if step == 1 { cpuStart = processCPUSeconds() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        do {
          try batch.sample(logits: buffer.baseAddress!, streamOfRow: rows, streams: &streams, into: &sampled)
        } catch let failure as BatchSamplingFailure {
          throw failure.error
        }
        if step > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3) }
      }
    }
    // CPU time over all workers: what sampling costs the machine, whatever else shares its cores.
    let cpuPerSlot = (processCPUSeconds() - cpuStart) * 1e6 / Double(steps * slots)
    let median = times.sorted()[times.count / 2]
    let perSlot = median / Double(slots)
    if json {
      print("{\"us_per_step\": \(median), \"us_per_slot_step\": \(perSlot), \"cpu_us_per_slot_step\": \(cpuPerSlot), \"slots\": \(slots), "
            + "\"vocab\": \(vocab), \"threads\": \(threads)}")
    } else {
      print(String(format: "sampler: %.1f µs/step wall, %.2f µs per slot-step wall, %.2f CPU-µs per slot-step "
                   + "(%d slots, V=%d, τ=%g, top-k %d, top-p %g, min-p %g, %d threads; median of %d steps)",
                   median, perSlot, cpuPerSlot, slots, vocab, Double(temperature), topK, Double(topP),
                   Double(minP), threads, steps))
    }
  }
}

/// User + system CPU seconds of this process so far (all threads).
private func processCPUSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
