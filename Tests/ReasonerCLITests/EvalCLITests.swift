// Runs `reasoner eval` and `reasoner filter`: bad input gives clear errors (no model needed); on the real
// SmolLM2 model with tiny settings (2 problems, 2 samples, 16 tokens) the files are written and agree
// with each other. Skips the real-model runs with a message when the model is absent.
import Foundation
import Testing

/// $REASONER_MODEL or <repo>/models/SmolLM2-135M-Instruct.gguf (the Makefile fetches it before tests).
let evalModelPath: String? = {
  let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let path = ProcessInfo.processInfo.environment["REASONER_MODEL"]
    ?? repo.appendingPathComponent("models/SmolLM2-135M-Instruct.gguf").path
  if FileManager.default.fileExists(atPath: path) { return path }
  print("SKIP: real model not found at \(path); run scripts/fetch-model.sh (eval/filter CLI runs skipped)")
  return nil
}()

func evalTemporaryDirectory(_ name: String) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

/// Two short problems, so the prompts prefill quickly.
let tinyProblems = """
  {"problem": "What is 2 + 3?", "answer": "5", "subject": "arithmetic", "level": 1, "id": "a"}
  {"problem": "What is 4 times 6?", "answer": "24", "subject": "arithmetic", "level": 2, "id": "b"}
  """

@Suite(.serialized) struct EvalCLITests {
  @Test func badInputNamesTheLineOrField() throws {
    let dir = try evalTemporaryDirectory("eval-bad")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let data = dir + "/data.jsonl"
    try "{\"problem\": \"1+1\", \"answer\": \"2\"}\n{\"problem\": \"2+2\"}\n".write(
      toFile: data, atomically: true, encoding: .utf8)
    let missing = try runReasoner(["eval", "--model", "absent.gguf", "--data", data, "--out", dir + "/o"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("data.jsonl:2") && missing.stderr.contains("answer"), "stderr: \(missing.stderr)")
    let greedy = try runReasoner(["eval", "--model", "m", "--data", data, "--samples", "4", "--temperature", "0"])
    #expect(greedy.status != 0 && greedy.stderr.contains("samples"), "stderr: \(greedy.stderr)")
    let noSamples = try runReasoner(["eval", "--model", "m", "--data", data, "--samples", "0", "--temperature", "1"])
    #expect(noSamples.status != 0 && noSamples.stderr.contains("samples"), "stderr: \(noSamples.stderr)")
    let cold = try runReasoner(["eval", "--model", "m", "--data", data, "--temperature", "-1"])
    #expect(cold.status != 0 && cold.stderr.contains("temperature"), "stderr: \(cold.stderr)")
    let budgets = try runReasoner(["eval", "--model", "m", "--data", data, "--budgets", "8,x"])
    #expect(budgets.status != 0 && budgets.stderr.contains("budgets"), "stderr: \(budgets.stderr)")
    let filter = try runReasoner(["filter", "--model", "m", "--data", data, "--max-pass", "0.3", "--out", dir + "/f"])
    #expect(filter.status != 0 && filter.stderr.contains("data.jsonl:2"), "stderr: \(filter.stderr)")
    let band = try runReasoner(["filter", "--model", "m", "--data", data, "--max-pass", "1.5", "--out", dir + "/f"])
    #expect(band.status != 0 && band.stderr.contains("max-pass"), "stderr: \(band.stderr)")
  }

  @Test func evalOnTheRealModelWritesConsistentFiles() throws {
    guard let model = evalModelPath else { return }
    let dir = try evalTemporaryDirectory("eval-real")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try tinyProblems.write(toFile: dir + "/data.jsonl", atomically: true, encoding: .utf8)
    let r = try runReasoner([
      "eval", "--model", model, "--data", dir + "/data.jsonl", "--samples", "2", "--temperature", "1",
      "--budgets", "8,16", "--out", dir + "/out",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("pass@1") && r.stdout.contains("box rate") && r.stdout.contains("results.json"))
    let results = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/results.json"))) as? [String: Any]
    let summary = results?["results"] as? [String: Any]
    let lines = try String(contentsOfFile: dir + "/out/responses.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 4)
    var correctPerProblem = [0, 0]
    var finishedWithin8 = 0
    for line in lines {
      let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
      let tokens = record["tokens"] as? Int ?? -1
      #expect((1...16).contains(tokens))
      let finished = record["finish_reason"] as? String == "stop"
      #expect(finished || tokens == 16)
      if finished && tokens <= 8 { finishedWithin8 += 1 }
      if record["correct"] as? Bool == true { correctPerProblem[record["index"] as? Int ?? 0] += 1 }
    }
    let passAt1 = (Double(correctPerProblem[0]) / 2 + Double(correctPerProblem[1]) / 2) / 2
    let overall = summary?["overall"] as? [String: Any]
    #expect(abs((overall?["passAt1"] as? Double ?? -1) - passAt1) < 1e-12)
    let curve = summary?["budgets"] as? [[String: Any]] ?? []
    #expect(curve.map { $0["budget"] as? Int } == [8, 16])
    #expect(abs((curve.first?["finished_rate"] as? Double ?? -1) - Double(finishedWithin8) / 4) < 1e-12)
    let breakdown = summary?["breakdown"] as? [String: [String: Any]]
    #expect(breakdown?["level"]?.keys.sorted() == ["1", "2"])
    #expect(try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8).contains("<svg"))
  }

  /// An RL checkpoint is a model directory: `eval` loads it (tokenizer files included) and resume works.
  @Test func rlCheckpointOfTheRealModelLoadsInEval() throws {
    guard let model = evalModelPath else { return }
    let dir = try evalTemporaryDirectory("rl-real")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try tinyProblems.write(toFile: dir + "/data.jsonl", atomically: true, encoding: .utf8)
    let rl = try runReasoner([
      "rl", "--model", model, "--data", dir + "/data.jsonl", "--batch-size", "1", "--k", "2",
      "--max-new-tokens", "8", "--steps", "1", "--lr", "1e-7", "--track-initial-kl", "false", "--out", dir + "/rl",
    ])
    #expect(rl.status == 0, "stderr: \(rl.stderr)")
    for file in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "state.json"] {
      #expect(FileManager.default.fileExists(atPath: dir + "/rl/checkpoint/" + file), "missing \(file)")
    }
    let e = try runReasoner([
      "eval", "--model", dir + "/rl/checkpoint", "--data", dir + "/data.jsonl", "--max-new-tokens", "8",
      "--out", dir + "/eval",
    ])
    #expect(e.status == 0, "stderr: \(e.stderr)")
    #expect(e.stdout.contains("pass@1"))
  }

  @Test func filterOnTheRealModelWritesKeptRecordsWithPassRates() throws {
    guard let model = evalModelPath else { return }
    let dir = try evalTemporaryDirectory("filter-real")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try tinyProblems.write(toFile: dir + "/data.jsonl", atomically: true, encoding: .utf8)
    let r = try runReasoner([
      "filter", "--model", model, "--data", dir + "/data.jsonl", "--samples", "2", "--max-pass", "1",
      "--max-new-tokens", "16", "--out", dir + "/kept.jsonl",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("kept 2 of 2"), "stdout: \(r.stdout)")
    let lines = try String(contentsOfFile: dir + "/kept.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    for (line, id) in zip(lines, ["a", "b"]) {
      let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
      #expect(record["id"] as? String == id && record["subject"] as? String == "arithmetic")
      #expect([0.0, 0.5, 1.0].contains(record["pass_rate"] as? Double ?? -1))
    }
  }
}
