// LlamaConfig: reads HF config.json (transformers 4 and 5 layouts), round-trips, errors name the field.
import Foundation
import Testing

@testable import ReasonerCore

struct LlamaConfigTests {
  @Test func readsTransformers5Config() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/golden_tiny_llama/config.json")
    let config = try JSONDecoder().decode(LlamaConfig.self, from: Data(contentsOf: url))
    #expect(config.ropeTheta == 10000)
    #expect(config.headDimension == 16)
    #expect(config.numKeyValueHeads == 2)
    #expect(config.tieWordEmbeddings)
    try config.validate()
    let again = try JSONDecoder().decode(LlamaConfig.self, from: JSONEncoder().encode(config))
    #expect(again == config)
  }

  @Test func readsLegacyKeysAndEOSList() throws {
    let json = """
      {"vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
       "num_attention_heads": 2, "rope_theta": 500000.0, "eos_token_id": [7, 8], "model_type": "qwen2"}
      """
    let c = try JSONDecoder().decode(LlamaConfig.self, from: Data(json.utf8))
    #expect(c.ropeTheta == 500000)
    #expect(c.eosTokenId == 7)
    #expect(c.numKeyValueHeads == 2)
    #expect(c.attentionBias)  // Qwen2 has q/k/v biases
  }

  @Test func validateNamesTheField() {
    var c = LlamaConfig(vocabSize: 10, hiddenSize: 8, intermediateSize: 16, numHiddenLayers: 1,
                        numAttentionHeads: 2, numKeyValueHeads: 3)
    #expect(throws: ReasonerError.self) { try c.validate() }
    do { try c.validate() } catch let e as ReasonerError {
      #expect(e.message.contains("num_key_value_heads"))
    } catch {}
    c.numKeyValueHeads = 1
    #expect(throws: Never.self) { try c.validate() }
  }

  @Test func missingFieldIsNamed() {
    let json = #"{"vocab_size": 10, "hidden_size": 8}"#
    do {
      _ = try JSONDecoder().decode(LlamaConfig.self, from: Data(json.utf8))
      Issue.record("expected a decoding error")
    } catch {
      #expect("\(error)".contains("intermediate_size"))
    }
  }
}
