/*
 * Differential check of the decoder's two IDCTs: the AVX2 one (32-bit lanes) against the scalar
 * one (64-bit), on random coefficient blocks over the whole range the decoder accepts (|c| <= 4096),
 * dense and sparse, small and extreme: both must decline the same blocks and write the same pixels
 * for the others. Then each pass alone on inputs anywhere in its range, half of them driving one
 * output to its bound: the same values. Prints one JSON line; exits 1 on any difference. Built and run by
 * test/engine/jpeg-decode.test.ts (x86-64 with AVX2 only).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../src/jpeg-baseline.c"

static uint64_t state = 88172645463325252ull;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}
static int32_t uniform(int32_t limit) { return (int32_t)(next() % (uint64_t)(2 * limit + 1)) - limit; }

#if HAVE_X86_SIMD
AVX2_FN static void check_passes(long n, long *values, long *differ) {
  /* Each pass alone, before its range checks, on inputs anywhere in its range (the column pass:
     |c| <= COEF_LIMIT; the row pass: |w| <= WS_LIMIT), half of them with every input at the bound
     and the sign it has in one output: the 32-bit values must equal the 64-bit ones. */
  for (long i = 0; i < n; i++) {
    const int rows = (int)(i & 1);
    const int32_t bound = rows ? WS_LIMIT : COEF_LIMIT;
    int32_t x[64];
    for (int k = 0; k < 64; k++) x[k] = uniform(bound);
    if (next() & 1) {
      const int lane = (int)(next() % 8), r = (int)(next() % 8);
      for (int k = 0; k < 8; k++) {
        int64_t out[8];
        idct_1d(k == 0, k == 1, k == 2, k == 3, k == 4, k == 5, k == 6, k == 7, out);
        x[8 * k + lane] = out[r] >= 0 ? bound : -bound; /* input k of the 1-D transform in lane `lane` */
      }
    }
    /* x[8k + lane]: input k of the transform in lane `lane` */
    __m256i v[8], o8[8];
    for (int k = 0; k < 8; k++) v[k] = _mm256_loadu_si256((const __m256i *)(x + 8 * k));
    idct_1d_x8(v, o8);
    int32_t got[64];
    for (int k = 0; k < 8; k++) _mm256_storeu_si256((__m256i *)(got + 8 * k), descale_x8(o8[k], rows ? 18 : 11));
    for (int lane = 0; lane < 8; lane++) {
      int64_t o[8];
      idct_1d(x[lane], x[8 + lane], x[16 + lane], x[24 + lane], x[32 + lane], x[40 + lane], x[48 + lane], x[56 + lane], o);
      for (int k = 0; k < 8; k++, (*values)++)
        if ((int64_t)got[8 * k + lane] != descale(o[k], rows ? 18 : 11)) (*differ)++;
    }
  }
}
#endif

int main(int argc, char **argv) {
#if HAVE_X86_SIMD
  if (!cpu_use_avx2()) {
    puts("{\"skipped\":\"no AVX2\"}");
    return 0;
  }
  const long blocks = argc > 1 ? atol(argv[1]) : 2000000;
  long taken = 0, declined = 0, wide_rows = 0, differ = 0;
  for (long i = 0; i < blocks; i++) {
    int32_t in[64] = { 0 };
    const int mode = (int)(next() % 9);
    if (mode == 0) /* dense, full range */
      for (int k = 0; k < 64; k++) in[k] = uniform(COEF_LIMIT);
    else if (mode <= 4) { /* sparse, at four magnitudes */
      const int32_t limit = mode == 1 ? COEF_LIMIT : mode == 2 ? 1024 : mode == 3 ? 300 : 64;
      const int n = 1 + (int)(next() % 16);
      for (int k = 0; k < n; k++) in[next() % 64] = uniform(limit);
    } else if (mode == 5) /* every coefficient at the limit */
      for (int k = 0; k < 64; k++) in[k] = (next() & 1) ? COEF_LIMIT : -COEF_LIMIT;
    else if (mode == 6) /* at the limit or zero */
      for (int k = 0; k < 64; k++) in[k] = (int32_t)(next() % 3) - 1 == 0 ? 0 : (next() & 1) ? COEF_LIMIT : -COEF_LIMIT;
    else if (mode == 8) { /* one column at the limit, each input with the sign it has in one output */
      for (int k = 0; k < 64; k++) in[k] = uniform(64);
      const int c = (int)(next() % 8), r = (int)(next() % 8);
      for (int k = 0; k < 8; k++) {
        int64_t out[8];
        idct_1d(k == 0, k == 1, k == 2, k == 3, k == 4, k == 5, k == 6, k == 7, out);
        in[8 * k + c] = out[r] >= 0 ? COEF_LIMIT : -COEF_LIMIT;
      }
    } else { /* a DC anywhere and a few extreme ACs */
      in[0] = uniform(COEF_LIMIT);
      for (int k = 0; k < 4; k++) in[1 + next() % 63] = (next() & 1) ? COEF_LIMIT : -COEF_LIMIT;
    }
    /* how wide the column outputs are: the row pass's inputs above 8191 are the upper half of its range */
    int64_t o[8], widest = 0;
    for (int c = 0; c < 8; c++) {
      idct_1d(in[c], in[8 + c], in[16 + c], in[24 + c], in[32 + c], in[40 + c], in[48 + c], in[56 + c], o);
      for (int r = 0; r < 8; r++) {
        const int64_t v = llabs(descale(o[r], 11));
        if (v > widest) widest = v;
      }
    }
    if (widest > 8191 && widest <= WS_LIMIT) wide_rows++;
    uint8_t a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    const int ra = idct_block(in, a, 8), rb = idct_block_avx2(in, b, 8);
    if (ra != rb || (ra && memcmp(a, b, sizeof a))) differ++;
    else if (ra) taken++;
    else declined++;
  }
  long pass_values = 0, pass_differ = 0;
  check_passes(blocks / 4, &pass_values, &pass_differ);
  printf("{\"blocks\":%ld,\"taken\":%ld,\"declined\":%ld,\"wide_rows\":%ld,\"differ\":%ld,\"pass_values\":%ld,\"pass_differ\":%ld}\n", blocks, taken, declined, wide_rows, differ, pass_values, pass_differ);
  return differ || pass_differ ? 1 : 0;
#else
  (void)argc;
  (void)argv;
  puts("{\"skipped\":\"not an x86-64 GCC/Clang build\"}");
  return 0;
#endif
}
