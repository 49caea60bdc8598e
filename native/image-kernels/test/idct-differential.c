/*
 * Differential check of the decoder's two IDCTs: the AVX2 one (32-bit lanes) against the scalar
 * one (64-bit), on random coefficient blocks over the whole range the decoder accepts (|c| <= 4096),
 * dense and sparse, small and extreme. Both must decline the same blocks and write the same pixels
 * for the others. Prints one JSON line; exits 1 on any difference. Built and run by
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
    const int mode = (int)(next() % 8);
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
    else { /* a DC anywhere and a few extreme ACs */
      in[0] = uniform(COEF_LIMIT);
      for (int k = 0; k < 4; k++) in[1 + next() % 63] = (next() & 1) ? COEF_LIMIT : -COEF_LIMIT;
    }
    /* how wide the column outputs are: the AVX2 row pass hands blocks over 8191 to the scalar one */
    int64_t o[8], widest = 0;
    for (int c = 0; c < 8; c++) {
      idct_1d(in[c], in[8 + c], in[16 + c], in[24 + c], in[32 + c], in[40 + c], in[48 + c], in[56 + c], o);
      for (int r = 0; r < 8; r++) {
        const int64_t v = llabs(descale(o[r], 11));
        if (v > widest) widest = v;
      }
    }
    if (widest > IDCT_ROWS_32BIT_MAX && widest <= WS_LIMIT) wide_rows++;
    uint8_t a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    const int ra = idct_block(in, a, 8), rb = idct_block_avx2(in, b, 8);
    if (ra != rb || (ra && memcmp(a, b, sizeof a))) differ++;
    else if (ra) taken++;
    else declined++;
  }
  printf("{\"blocks\":%ld,\"taken\":%ld,\"declined\":%ld,\"wide_rows\":%ld,\"differ\":%ld}\n", blocks, taken, declined, wide_rows, differ);
  return differ ? 1 : 0;
#else
  (void)argc;
  (void)argv;
  puts("{\"skipped\":\"not an x86-64 GCC/Clang build\"}");
  return 0;
#endif
}
