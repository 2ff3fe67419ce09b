// Small-M linear layer y = x·wᵀ without packing: decode runs M = 1…128 rows through weights stored
// [out, in], where cblas_sgemm spends most of its time packing the weights on every call. Tiles of 4 x rows
// × 4 w rows keep 16 dot products in registers and reduce them with one transpose tree; each group of 4
// weight rows is streamed from memory once and then reused from L1 for every tile of x rows.
// Tested in Tests/ReasonerCoreTests/CKernelTests.swift (against naiveMatmul, odd M, N, K and ranges).
#include "CKernels.h"
#include "Reduce16.h"

int ck_have_avx512(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
         && __builtin_cpu_supports("avx512vl");
}

/// Σ_k a[k]·b[k] over K with masked tail.
CK_AVX512 static inline float dot(const float *a, const float *b, int K) {
  __m512 acc = _mm512_setzero_ps();
  int k = 0;
  for (; k + 16 <= K; k += 16) acc = _mm512_fmadd_ps(_mm512_loadu_ps(a + k), _mm512_loadu_ps(b + k), acc);
  if (k < K) {
    __mmask16 m = ck_tail_mask(K - k);
    acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + k), _mm512_maskz_loadu_ps(m, b + k), acc);
  }
  return _mm512_reduce_add_ps(acc);
}

/// The 4×4 tile: rows x[0..3] (stride K) against w rows w[0..3] (stride K), into y (stride N). When
/// `next` is given, the 4 rows there (the next weight group) are prefetched alongside, one cache line of
/// each per step, so DRAM reads overlap the arithmetic instead of stalling the loads of w.
CK_AVX512 static inline void tile4x4(float *y, const float *x, const float *w, int N, int K, int accumulate,
                                     const float *next) {
  __m512 acc[16];
  for (int i = 0; i < 16; i++) acc[i] = _mm512_setzero_ps();
  int k = 0;
  for (; k + 16 <= K; k += 16) {
    if (next)
      for (int r = 0; r < 4; r++) _mm_prefetch((const char *)(next + r * K + k), _MM_HINT_T0);
    __m512 w0 = _mm512_loadu_ps(w + k), w1 = _mm512_loadu_ps(w + K + k);
    __m512 w2 = _mm512_loadu_ps(w + 2 * K + k), w3 = _mm512_loadu_ps(w + 3 * K + k);
    for (int m = 0; m < 4; m++) {
      __m512 xm = _mm512_loadu_ps(x + m * K + k);
      acc[4 * m + 0] = _mm512_fmadd_ps(xm, w0, acc[4 * m + 0]);
      acc[4 * m + 1] = _mm512_fmadd_ps(xm, w1, acc[4 * m + 1]);
      acc[4 * m + 2] = _mm512_fmadd_ps(xm, w2, acc[4 * m + 2]);
      acc[4 * m + 3] = _mm512_fmadd_ps(xm, w3, acc[4 * m + 3]);
    }
  }
  if (k < K) {
    __mmask16 t = ck_tail_mask(K - k);
    __m512 w0 = _mm512_maskz_loadu_ps(t, w + k), w1 = _mm512_maskz_loadu_ps(t, w + K + k);
    __m512 w2 = _mm512_maskz_loadu_ps(t, w + 2 * K + k), w3 = _mm512_maskz_loadu_ps(t, w + 3 * K + k);
    for (int m = 0; m < 4; m++) {
      __m512 xm = _mm512_maskz_loadu_ps(t, x + m * K + k);
      acc[4 * m + 0] = _mm512_fmadd_ps(xm, w0, acc[4 * m + 0]);
      acc[4 * m + 1] = _mm512_fmadd_ps(xm, w1, acc[4 * m + 1]);
      acc[4 * m + 2] = _mm512_fmadd_ps(xm, w2, acc[4 * m + 2]);
      acc[4 * m + 3] = _mm512_fmadd_ps(xm, w3, acc[4 * m + 3]);
    }
  }
  __m512 z = ck_reduce16(acc);  // z[4m + j] = y[m, j]
  __m128 r[4] = {_mm512_extractf32x4_ps(z, 0), _mm512_extractf32x4_ps(z, 1), _mm512_extractf32x4_ps(z, 2),
                 _mm512_extractf32x4_ps(z, 3)};
  for (int m = 0; m < 4; m++) {
    float *out = y + m * N;
    __m128 v = accumulate ? _mm_add_ps(_mm_loadu_ps(out), r[m]) : r[m];
    _mm_storeu_ps(out, v);
  }
}

/// One x row against 4 w rows (the M % 4 leftover rows).
CK_AVX512 static inline void tile1x4(float *y, const float *x, const float *w, int K, int accumulate,
                                     const float *next) {
  __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
  int k = 0;
  for (; k + 16 <= K; k += 16) {
    if (next)
      for (int r = 0; r < 4; r++) _mm_prefetch((const char *)(next + r * K + k), _MM_HINT_T0);
    __m512 xm = _mm512_loadu_ps(x + k);
    a0 = _mm512_fmadd_ps(xm, _mm512_loadu_ps(w + k), a0);
    a1 = _mm512_fmadd_ps(xm, _mm512_loadu_ps(w + K + k), a1);
    a2 = _mm512_fmadd_ps(xm, _mm512_loadu_ps(w + 2 * K + k), a2);
    a3 = _mm512_fmadd_ps(xm, _mm512_loadu_ps(w + 3 * K + k), a3);
  }
  if (k < K) {
    __mmask16 t = ck_tail_mask(K - k);
    __m512 xm = _mm512_maskz_loadu_ps(t, x + k);
    a0 = _mm512_fmadd_ps(xm, _mm512_maskz_loadu_ps(t, w + k), a0);
    a1 = _mm512_fmadd_ps(xm, _mm512_maskz_loadu_ps(t, w + K + k), a1);
    a2 = _mm512_fmadd_ps(xm, _mm512_maskz_loadu_ps(t, w + 2 * K + k), a2);
    a3 = _mm512_fmadd_ps(xm, _mm512_maskz_loadu_ps(t, w + 3 * K + k), a3);
  }
  float s[4] = {_mm512_reduce_add_ps(a0), _mm512_reduce_add_ps(a1), _mm512_reduce_add_ps(a2),
                _mm512_reduce_add_ps(a3)};
  for (int j = 0; j < 4; j++) y[j] = accumulate ? y[j] + s[j] : s[j];
}

CK_AVX512 void ck_gemm_nt(float *y, const float *x, const float *w, int M, int N, int K, int n_begin,
                          int n_end, int accumulate) {
  int n = n_begin;
  for (; n + 4 <= n_end; n += 4) {
    const float *wn = w + (long)n * K;
    // The first tile of x rows prefetches the next weight group (the later tiles find w in L1).
    const float *next = n + 8 <= n_end ? wn + 4 * K : 0;
    int m = 0;
    for (; m + 4 <= M; m += 4, next = 0) tile4x4(y + (long)m * N + n, x + (long)m * K, wn, N, K, accumulate, next);
    for (; m < M; m++, next = 0) tile1x4(y + (long)m * N + n, x + (long)m * K, wn, K, accumulate, next);
  }
  for (; n < n_end; n++) {
    for (int m = 0; m < M; m++) {
      float s = dot(x + (long)m * K, w + (long)n * K, K);
      y[(long)m * N + n] = accumulate ? y[(long)m * N + n] + s : s;
    }
  }
}
