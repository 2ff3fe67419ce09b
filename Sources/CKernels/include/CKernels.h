// CKernels: AVX-512 inner kernels that Swift cannot express (Swift's SIMD types compile to the baseline
// x86-64 ISA). Each function is compiled for AVX-512 with a target attribute and must only be called when
// ck_have_avx512() is true; the Swift callers fall back to cblas / Swift loops otherwise.
// Tested in Tests/ReasonerCoreTests/CKernelTests.swift against naive Double references.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the CPU runs AVX-512F (and the kernels below may be called), else 0.
int ck_have_avx512(void);

/// y[m, n] (+)= Σ_k x[m, k] · w[n, k] for m < M and n in [n_begin, n_end): a linear layer with PyTorch
/// [out, in] weights, computed without packing (small M: decode). Row strides are K for x and w, N for y.
/// `accumulate` adds into y instead of overwriting it.
void ck_gemm_nt(float *y, const float *x, const float *w, int M, int N, int K, int n_begin, int n_end,
                int accumulate);

/// 1 when the CPU also has AVX-512BW (needed by ck_gemm_nt_bf16w), else 0.
int ck_have_avx512bw(void);

/// ck_gemm_nt with the weights w [N, K] in bfloat16 (the top half of each float), widened to fp32 in
/// registers: half the bytes read per decode step; x, products and sums stay fp32.
void ck_gemm_nt_bf16w(float *y, const float *x, const uint16_t *w, int M, int N, int K, int n_begin, int n_end,
                      int accumulate);

/// x rounded to the nearest bfloat16 (ties to even; NaN stays NaN, ±inf stays ±inf). Any CPU.
uint16_t ck_bf16_from_f32(float x);
/// dst[i] = ck_bf16_from_f32(src[i]) for i < count.
void ck_f32_to_bf16(uint16_t *dst, const float *src, long count);

/// Attention of one query row's G heads (sharing one kv head) over n cached positions.
/// out [G, D] = softmax(q·kᵀ·scale) · v, with q [G, D] (heads contiguous), keys/values rows of D floats
/// at stride kv_stride floats (position s at keys + s·kv_stride). lse [G] (may be NULL) receives each
/// head's log Σ exp(score), for the backward. scratch holds ≥ G·(n + 16) floats.
void ck_cached_attention_row(float *out, float *lse, const float *q, const float *keys, const float *values,
                             int n, int G, int D, int kv_stride, float scale, float *scratch);

/// Backward of ck_cached_attention_row for one row, accumulating (+=): dq [G, D] (heads contiguous),
/// dkeys/dvalues rows at kv_stride (n of them), from dout [G, D], the forward's out [G, D] and lse [G],
/// q, keys, values laid out as in the forward. scratch holds ≥ 2·G·(n + 16) floats.
void ck_attention_row_backward(float *dq, float *dkeys, float *dvalues, const float *dout, const float *out,
                               const float *lse, const float *q, const float *keys, const float *values, int n,
                               int G, int D, int kv_stride, float scale, float *scratch);

#ifdef __cplusplus
}
#endif
#endif
