// ReasonerReward: the math answer verifier, the repetition detector and the garbled-text detector.
// It knows nothing of models or tensors: rewards and evaluation share this one checker.
