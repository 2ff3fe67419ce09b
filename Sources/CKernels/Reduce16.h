// Horizontal sums of 16 AVX-512 accumulators at once (a transpose-and-add tree, 30 shuffles/adds instead
// of 16 separate reductions). Included by the kernels; verified through their tests.
#ifndef CK_REDUCE16_H
#define CK_REDUCE16_H
#include <immintrin.h>

#define CK_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,fma")))

/// Returns z with z[i] = Σ lanes of v[i] for i < 16.
CK_AVX512 static inline __m512 ck_reduce16(const __m512 v[16]) {
  // The tree leaves sum(u[4e + L]) in lane 4L + e, so feed it u[s] = v[(s % 4)·4 + s / 4].
  __m512 u[16];
  for (int s = 0; s < 16; s++) u[s] = v[(s % 4) * 4 + s / 4];
  __m512 w[8], x[4], y[2];
  for (int i = 0; i < 8; i++)  // fold 512 → 256: [a.lo + a.hi | b.lo + b.hi]
    w[i] = _mm512_add_ps(_mm512_shuffle_f32x4(u[2 * i], u[2 * i + 1], 0x44),
                         _mm512_shuffle_f32x4(u[2 * i], u[2 * i + 1], 0xEE));
  for (int j = 0; j < 4; j++)  // fold 256 → 128: one vector's 4 partials per 128-bit lane
    x[j] = _mm512_add_ps(_mm512_shuffle_f32x4(w[2 * j], w[2 * j + 1], 0x88),
                         _mm512_shuffle_f32x4(w[2 * j], w[2 * j + 1], 0xDD));
  for (int k = 0; k < 2; k++)  // 4 → 2 within lanes
    y[k] = _mm512_add_ps(_mm512_shuffle_ps(x[2 * k], x[2 * k + 1], 0x44),
                         _mm512_shuffle_ps(x[2 * k], x[2 * k + 1], 0xEE));
  return _mm512_add_ps(_mm512_shuffle_ps(y[0], y[1], 0x88), _mm512_shuffle_ps(y[0], y[1], 0xDD));
}

/// e^x per lane for x ≤ 0 (CachedAttention.c); scale·q·k_s for s < n into scores (16 per reduction).
__m512 ck_exp_nonpositive(__m512 x) CK_AVX512;
void ck_score_row(float *scores, const float *q, const float *keys, int n, int D, int kv_stride,
                  float scale) CK_AVX512;
/// out [G, 64] = Σ_s p[g·stride + s] · rows_s for G ≤ 4 (rows at kv_stride).
void ck_weigh_rows64(float *out, const float *p, int stride, const float *rows, int n, int G,
                     int kv_stride) CK_AVX512;

/// Mask of the first r (0...16) lanes.
static inline __mmask16 ck_tail_mask(int r) { return (__mmask16)((1u << r) - 1u); }
#endif
