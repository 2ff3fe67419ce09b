// One query row's attention over a KV cache, for the G query heads that share a kv head: scores for 16
// cached positions at a time (16 dot products reduced by one transpose tree), a softmax per head with a
// vectorised exp, then Σ p·v with all G heads' outputs held in registers while each value row is read once.
// Tested in Tests/ReasonerCoreTests/CKernelTests.swift against a Double reference.
#include <math.h>
#include "CKernels.h"
#include "Reduce16.h"

enum { D64 = 64 };

/// e^x per lane for x ≤ 0 (Cephes expf polynomial, relative error ~2e-7); below −87 gives 0.
CK_AVX512 __m512 ck_exp_nonpositive(__m512 x) {
  __mmask16 under = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.0f), _CMP_LT_OQ);
  x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  __m512 e = _mm512_scalef_ps(p, n);  // p · 2ⁿ
  return _mm512_maskz_mov_ps(~under, e);
}

/// scores[s] = scale · q·k_s (shared with the training backward, CausalAttentionBackward.c) for s < n (n ≤ 16 at the tail), 16 positions per tree reduction.
CK_AVX512 void ck_score_row(float *scores, const float *q, const float *keys, int n, int D, int kv_stride,
                                float scale) {
  for (int s0 = 0; s0 < n; s0 += 16) {
    int count = n - s0 < 16 ? n - s0 : 16;
    __m512 acc[16];
    for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
    // Rows past the end re-read the last row (always valid memory); their sums are never stored.
    const float *rows[16];
    for (int i = 0; i < 16; i++) rows[i] = keys + (long)(i < count ? s0 + i : n - 1) * kv_stride;
    for (int d = 0; d < D; d += 16) {
      __mmask16 t = ck_tail_mask(D - d < 16 ? D - d : 16);
      __m512 qd = _mm512_maskz_loadu_ps(t, q + d);
      for (int i = 0; i < 16; i++) acc[i] = _mm512_fmadd_ps(qd, _mm512_maskz_loadu_ps(t, rows[i] + d), acc[i]);
    }
    __m512 z = _mm512_mul_ps(ck_reduce16(acc), _mm512_set1_ps(scale));
    _mm512_mask_storeu_ps(scores + s0, ck_tail_mask(count), z);
  }
}

/// out [G, 64] = Σ_s p[g·stride + s] · v_s (also the training backward's dq = Σ_s dS·k_s).
CK_AVX512 static inline __attribute__((always_inline)) void weigh_values64(
    float *out, const float *p, int stride, const float *values, int n, int G, int kv_stride) {
  __m512 acc[16];
  for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
  for (int s = 0; s < n; s++) {
    const float *v = values + (long)s * kv_stride;
    __m512 v0 = _mm512_loadu_ps(v), v1 = _mm512_loadu_ps(v + 16), v2 = _mm512_loadu_ps(v + 32),
           v3 = _mm512_loadu_ps(v + 48);
    for (int g = 0; g < G; g++) {
      __m512 pg = _mm512_set1_ps(p[g * stride + s]);
      acc[4 * g + 0] = _mm512_fmadd_ps(pg, v0, acc[4 * g + 0]);
      acc[4 * g + 1] = _mm512_fmadd_ps(pg, v1, acc[4 * g + 1]);
      acc[4 * g + 2] = _mm512_fmadd_ps(pg, v2, acc[4 * g + 2]);
      acc[4 * g + 3] = _mm512_fmadd_ps(pg, v3, acc[4 * g + 3]);
    }
  }
  for (int g = 0; g < G; g++)
    for (int j = 0; j < 4; j++) _mm512_storeu_ps(out + g * D64 + 16 * j, acc[4 * g + j]);
}

CK_AVX512 void ck_weigh_rows64(float *out, const float *p, int stride, const float *rows, int n, int G,
                               int kv_stride) {
  if (G == 3) weigh_values64(out, p, stride, rows, n, 3, kv_stride);
  else weigh_values64(out, p, stride, rows, n, G, kv_stride);
}

CK_AVX512 void ck_cached_attention_row(float *out, float *lse, const float *q, const float *keys,
                                       const float *values, int n, int G, int D, int kv_stride, float scale,
                                       float *scratch) {
  int stride = n + 16;  // one scores row per head, padded
  for (int g = 0; g < G; g++) {
    float *p = scratch + g * stride;
    ck_score_row(p, q + g * D, keys, n, D, kv_stride, scale);
    __m512 mx = _mm512_set1_ps(-INFINITY);
    int s = 0;
    for (; s + 16 <= n; s += 16) mx = _mm512_max_ps(mx, _mm512_loadu_ps(p + s));
    if (s < n) mx = _mm512_max_ps(mx, _mm512_mask_loadu_ps(_mm512_set1_ps(-INFINITY), ck_tail_mask(n - s), p + s));
    __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(mx));
    __m512 sum = _mm512_setzero_ps();
    for (s = 0; s < n; s += 16) {
      __mmask16 t = ck_tail_mask(n - s < 16 ? n - s : 16);
      __m512 e = _mm512_maskz_mov_ps(t, ck_exp_nonpositive(_mm512_sub_ps(_mm512_maskz_loadu_ps(t, p + s), shift)));
      _mm512_mask_storeu_ps(p + s, t, e);
      sum = _mm512_add_ps(sum, e);
    }
    float total = _mm512_reduce_add_ps(sum), inv = 1.0f / total;
    if (lse) lse[g] = _mm512_reduce_max_ps(shift) + logf(total);
    for (s = 0; s < n; s++) p[s] *= inv;
  }
  // out[g] = Σ_s p[g][s] · v_s; with D = 64 every output stays in registers (G constant once inlined).
  if (D == 64 && G == 3) { weigh_values64(out, scratch, stride, values, n, 3, kv_stride); return; }
  if (D == 64 && G <= 4) { weigh_values64(out, scratch, stride, values, n, G, kv_stride); return; }
  for (int g = 0; g < G; g++) {
    float *o = out + g * D;
    for (int d = 0; d < D; d++) o[d] = 0;
    for (int s = 0; s < n; s++) {
      float pg = scratch[g * stride + s];
      const float *v = values + (long)s * kv_stride;
      for (int d = 0; d < D; d++) o[d] += pg * v[d];
    }
  }
}
