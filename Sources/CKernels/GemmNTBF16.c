// ck_gemm_nt with bf16 weights: the same small-M linear layer (decode), reading [out, in] weights stored
// as bfloat16 (the top 16 bits of each float) and widening them to fp32 in registers, so decode streams
// half the bytes from memory; x, the products and the sums stay fp32. The rounding to bf16 happens once,
// in ck_f32_to_bf16 (round to nearest even). Tested in Tests/ReasonerCoreTests/CKernelTests.swift against
// naiveMatmul on the bf16-rounded weights.
#include <string.h>

#include "CKernels.h"
#include "Reduce16.h"

#define CK_AVX512BW __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma")))

uint16_t ck_bf16_from_f32(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);  // NaN stays a (quiet) NaN
  u += 0x7fffu + ((u >> 16) & 1u);  // round to nearest, ties to even
  return (uint16_t)(u >> 16);
}

void ck_f32_to_bf16(uint16_t *dst, const float *src, long count) {
  for (long i = 0; i < count; i++) dst[i] = ck_bf16_from_f32(src[i]);
}

/// 16 bf16 weights at w (masked by t) widened to fp32.
CK_AVX512BW static inline __m512 widen(const uint16_t *w, __mmask16 t) {
  __m256i h = _mm256_maskz_loadu_epi16(t, w);
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

/// Rows x[0..R) (stride K) against 4 bf16 weight rows (stride K) into y (stride N); R ≤ 4.
CK_AVX512BW static inline void tile(float *y, const float *x, const uint16_t *w, int R, int N, int K,
                                    int accumulate, const uint16_t *next) {
  __m512 acc[16];
  for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
  for (int k = 0; k < K; k += 16) {
    __mmask16 t = K - k >= 16 ? (__mmask16)0xffff : ck_tail_mask(K - k);
    if (next)
      for (int r = 0; r < 4; r++) _mm_prefetch((const char *)(next + r * K + k), _MM_HINT_T0);
    __m512 w0 = widen(w + k, t), w1 = widen(w + K + k, t), w2 = widen(w + 2 * K + k, t), w3 = widen(w + 3 * K + k, t);
    for (int m = 0; m < R; m++) {
      __m512 xm = _mm512_maskz_loadu_ps(t, x + m * K + k);
      acc[4 * m + 0] = _mm512_fmadd_ps(xm, w0, acc[4 * m + 0]);
      acc[4 * m + 1] = _mm512_fmadd_ps(xm, w1, acc[4 * m + 1]);
      acc[4 * m + 2] = _mm512_fmadd_ps(xm, w2, acc[4 * m + 2]);
      acc[4 * m + 3] = _mm512_fmadd_ps(xm, w3, acc[4 * m + 3]);
    }
  }
  __m512 z = ck_reduce16(acc);  // z[4m + j] = y[m, j]
  float s[16];
  _mm512_storeu_ps(s, z);
  for (int m = 0; m < R; m++)
    for (int j = 0; j < 4; j++) y[m * N + j] = accumulate ? y[m * N + j] + s[4 * m + j] : s[4 * m + j];
}

CK_AVX512BW void ck_gemm_nt_bf16w(float *y, const float *x, const uint16_t *w, int M, int N, int K, int n_begin,
                                  int n_end, int accumulate) {
  int n = n_begin;
  for (; n + 4 <= n_end; n += 4) {
    const uint16_t *wn = w + (long)n * K;
    const uint16_t *next = n + 8 <= n_end ? wn + 4 * K : 0;  // the first x tile prefetches the next group
    int m = 0;
    for (; m + 4 <= M; m += 4, next = 0) tile(y + (long)m * N + n, x + (long)m * K, wn, 4, N, K, accumulate, next);
    if (m < M) tile(y + (long)m * N + n, x + (long)m * K, wn, M - m, N, K, accumulate, next);
  }
  for (; n < n_end; n++) {
    const uint16_t *wn = w + (long)n * K;
    for (int m = 0; m < M; m++) {
      __m512 acc = _mm512_setzero_ps();
      for (int k = 0; k < K; k += 16) {
        __mmask16 t = K - k >= 16 ? (__mmask16)0xffff : ck_tail_mask(K - k);
        acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(t, x + (long)m * K + k), widen(wn + k, t), acc);
      }
      float s = _mm512_reduce_add_ps(acc);
      y[(long)m * N + n] = accumulate ? y[(long)m * N + n] + s : s;
    }
  }
}

int ck_have_avx512bw(void) {
  __builtin_cpu_init();
  return ck_have_avx512() && __builtin_cpu_supports("avx512bw");
}
