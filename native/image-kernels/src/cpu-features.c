/* See cpu-features.h. The answers are computed once (a race between threads computes the same). */
#include "cpu-features.h"

#include <stdlib.h>

#if HAVE_X86_SIMD
static int avx = -1, avx2 = -1;
static void detect(void) {
  __builtin_cpu_init();
  const int allowed = !getenv("SOPHONMATCH_NO_AVX");
  avx2 = allowed && __builtin_cpu_supports("avx2");
  avx = allowed && __builtin_cpu_supports("avx");
}
int cpu_use_avx(void) {
  if (avx < 0) detect();
  return avx;
}
int cpu_use_avx2(void) {
  if (avx2 < 0) detect();
  return avx2;
}
#else
int cpu_use_avx(void) { return 0; }
int cpu_use_avx2(void) { return 0; }
#endif
