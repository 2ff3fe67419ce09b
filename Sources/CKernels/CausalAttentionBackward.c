// Backward of one row of causal attention (training), for the G heads sharing a kv head: recompute
// P = exp(q·k·scale − lse) from the saved log-sum-exp, dP = dout·v, dS = P·(dP − dout·out)·scale; then
// dq += dS·K, and one read-modify-write per cached row: dk_s += Σ_g dS_g[s]·q_g, dv_s += Σ_g P_g[s]·dout_g.
// Run per (sequence, kv head), rows in order, so the dK/dV rows it adds into belong to one task only.
// Tested in Tests/ReasonerCoreTests/CKernelTests.swift (against a Double reference) and through
// ModelGradientTests / GoldenLlamaTests (the whole model's gradients).
#include "CKernels.h"
#include "Reduce16.h"

/// y[d] += a · x[d] for d < D (masked tail).
CK_AVX512 static inline void axpy(float *y, float a, const float *x, int D) {
  __m512 va = _mm512_set1_ps(a);
  for (int d = 0; d < D; d += 16) {
    __mmask16 t = ck_tail_mask(D - d < 16 ? D - d : 16);
    _mm512_mask_storeu_ps(y + d, t, _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(t, x + d), _mm512_maskz_loadu_ps(t, y + d)));
  }
}

CK_AVX512 void ck_attention_row_backward(float *dq, float *dkeys, float *dvalues, const float *dout,
                                         const float *out, const float *lse, const float *q, const float *keys,
                                         const float *values, int n, int G, int D, int kv_stride, float scale,
                                         float *scratch) {
  int stride = n + 16;
  float *probs = scratch, *dscores = scratch + G * stride;
  for (int g = 0; g < G; g++) {
    float *p = probs + g * stride, *ds = dscores + g * stride;
    const float *dog = dout + g * D;
    ck_score_row(p, q + g * D, keys, n, D, kv_stride, scale);
    ck_score_row(ds, dog, values, n, D, kv_stride, 1.0f);  // dP
    float delta = 0;
    for (int d = 0; d < D; d++) delta += dog[d] * out[g * D + d];
    __m512 vlse = _mm512_set1_ps(lse[g]), vdelta = _mm512_set1_ps(delta), vscale = _mm512_set1_ps(scale);
    for (int s = 0; s < n; s += 16) {
      __mmask16 t = ck_tail_mask(n - s < 16 ? n - s : 16);
      __m512 e = ck_exp_nonpositive(_mm512_min_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(t, p + s), vlse),
                                                  _mm512_setzero_ps()));
      _mm512_mask_storeu_ps(p + s, t, e);
      __m512 dsv = _mm512_mul_ps(_mm512_mul_ps(e, _mm512_sub_ps(_mm512_maskz_loadu_ps(t, ds + s), vdelta)), vscale);
      _mm512_mask_storeu_ps(ds + s, t, dsv);
    }
    if (D != 64 || G > 4)
      for (int s = 0; s < n; s++) axpy(dq + g * D, ds[s], keys + (long)s * kv_stride, D);
  }
  if (D == 64 && G <= 4) {
    // dq for all heads with accumulators in registers; dk/dv rows loaded and stored once per position.
    float sum[4 * 64];
    ck_weigh_rows64(sum, dscores, stride, keys, n, G, kv_stride);
    for (int i = 0; i < G * 64; i += 16)
      _mm512_storeu_ps(dq + i, _mm512_add_ps(_mm512_loadu_ps(dq + i), _mm512_loadu_ps(sum + i)));
    for (int s = 0; s < n; s++) {
      float *dk = dkeys + (long)s * kv_stride, *dv = dvalues + (long)s * kv_stride;
      __m512 k[4], v[4];
      for (int j = 0; j < 4; j++) { k[j] = _mm512_loadu_ps(dk + 16 * j); v[j] = _mm512_loadu_ps(dv + 16 * j); }
      for (int g = 0; g < G; g++) {
        __m512 a = _mm512_set1_ps(dscores[g * stride + s]), b = _mm512_set1_ps(probs[g * stride + s]);
        for (int j = 0; j < 4; j++) {
          k[j] = _mm512_fmadd_ps(a, _mm512_loadu_ps(q + g * 64 + 16 * j), k[j]);
          v[j] = _mm512_fmadd_ps(b, _mm512_loadu_ps(dout + g * 64 + 16 * j), v[j]);
        }
      }
      for (int j = 0; j < 4; j++) { _mm512_storeu_ps(dk + 16 * j, k[j]); _mm512_storeu_ps(dv + 16 * j, v[j]); }
    }
    return;
  }
  for (int s = 0; s < n; s++) {
    float *dk = dkeys + (long)s * kv_stride, *dv = dvalues + (long)s * kv_stride;
    for (int g = 0; g < G; g++) {
      axpy(dk, dscores[g * stride + s], q + g * D, D);
      axpy(dv, probs[g * stride + s], dout + g * D, D);
    }
  }
}
