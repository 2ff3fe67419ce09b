// Tests of ReasonerReward live in this target (verifier, repetition, garbled text).
