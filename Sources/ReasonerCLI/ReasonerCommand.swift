// The `reasoner` command and its subcommands (one file each). Tested in Tests/ReasonerCLITests.
import ArgumentParser
import ReasonerCore

struct ReasonerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reasoner",
    abstract: "Teach language models to reason with reinforcement learning (the T1 recipe), in Swift.",
    version: "0.1.0",
    subcommands: [
      // Main job and training
      Demo.self, SFT.self, RL.self, Eval.self, Filter.self,
      // Models and text
      Info.self, Tokenize.self, Generate.self,
      // Rewards
      VerifyCommand.self, CheckTextCommand.self,
      // Measurements
      Bench.self,
    ])
}

/// `reasoner bench …`: throughput figures, printed (never asserted by tests).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure throughput and memory.",
    subcommands: [
      BenchMatmul.self,
      BenchVerify.self,
      BenchTrain.self,
      BenchForward.self,
      BenchSampler.self,
      BenchGenerate.self,
    ])
}

/// `--decode-weights fp32|bf16` (generate, eval, bench generate).
extension DecodeWeightPrecision: ExpressibleByArgument {}
