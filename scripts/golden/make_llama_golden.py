"""Golden values for the Swift model/trainer, from PyTorch + transformers (LlamaForCausalLM, fp32).

Writes Tests/ReasonerCoreTests/Fixtures/golden_tiny_llama/:
  config.json, model.safetensors   a tiny random Llama (HF layout: rotate-halves RoPE, [out, in] weights)
  inputs.json                      input_ids [B, T], loss_mask [B, T] (1 = the token is predicted), the
                                   AdamW settings and the 10-step loss trajectory
  logits.safetensors               "logits" [B, T, V] of the initial model
  grads.safetensors                dLoss/dθ for every parameter, keyed by HF name (initial model)

Loss = mean over masked-in positions t of −log softmax(logits[b, t−1])[input_ids[b, t]] (token-level CE over
completion tokens, prompt tokens masked), exactly what `reasoner sft` optimises.
AdamW: torch.optim.AdamW with two param groups (no weight decay on norms and biases).

Run: python3 scripts/golden/make_llama_golden.py  (needs torch, transformers, safetensors; CI does not.)
"""
import json, os, sys

import torch
from safetensors.torch import save_file
from transformers import LlamaConfig, LlamaForCausalLM

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ReasonerCoreTests", "Fixtures",
                   "golden_tiny_llama")


def main():
    torch.manual_seed(1234)
    cfg = LlamaConfig(vocab_size=300, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                      rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True,
                      attention_bias=False, hidden_act="silu", bos_token_id=1, eos_token_id=2)
    model = LlamaForCausalLM(cfg).to(torch.float32)
    # Non-trivial norm weights so their gradients are checked away from the all-ones start.
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "norm" in n:
                p.copy_(1 + 0.1 * torch.randn_like(p))
    model.config.torch_dtype = "float32"
    os.makedirs(OUT, exist_ok=True)
    model.save_pretrained(OUT, safe_serialization=True)

    B, T = 2, 12
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(3, cfg.vocab_size, (B, T), generator=g)
    mask = torch.zeros(B, T, dtype=torch.int64)
    mask[0, 4:] = 1   # prompt of 4 tokens
    mask[1, 6:10] = 1  # prompt of 6, then 4 completion tokens, then 2 padding tokens

    def loss_fn():
        logits = model(input_ids=ids).logits  # [B, T, V]
        logp = torch.log_softmax(logits[:, :-1].double(), dim=-1)
        target = ids[:, 1:]
        nll = -logp.gather(-1, target.unsqueeze(-1)).squeeze(-1)
        m = mask[:, 1:].double()
        return (nll * m).sum() / m.sum(), logits

    loss, logits = loss_fn()
    loss.backward()
    save_file({"logits": logits.detach().contiguous()}, os.path.join(OUT, "logits.safetensors"))
    grads = {n: p.grad.detach().contiguous() for n, p in model.named_parameters()}
    save_file(grads, os.path.join(OUT, "grads.safetensors"))

    lr, betas, eps, wd = 1e-2, (0.9, 0.95), 1e-8, 0.1
    decay = [p for n, p in model.named_parameters() if "norm" not in n and not n.endswith(".bias")]
    no_decay = [p for n, p in model.named_parameters() if "norm" in n or n.endswith(".bias")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": wd},
                             {"params": no_decay, "weight_decay": 0.0}], lr=lr, betas=betas, eps=eps)
    losses = []
    model.zero_grad()
    for step in range(10):
        loss, _ = loss_fn()
        losses.append(loss.item())
        model.zero_grad()
        loss.backward()
        opt.step()
    json.dump({"input_ids": ids.tolist(), "loss_mask": mask.tolist(), "initial_loss": losses[0],
               "adamw": {"lr": lr, "beta1": betas[0], "beta2": betas[1], "eps": eps, "weight_decay": wd},
               "losses_10_steps": losses,
               "made_with": {"torch": torch.__version__,
                             "transformers": __import__("transformers").__version__}},
              open(os.path.join(OUT, "inputs.json"), "w"), indent=1)
    print("wrote", os.path.abspath(OUT), "losses", [round(x, 5) for x in losses])


if __name__ == "__main__":
    main()
