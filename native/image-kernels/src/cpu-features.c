/* See cpu-features.h. Each answer is computed once. */
#include "cpu-features.h"

#include <stdlib.h>

#if HAVE_X86_SIMD
static int answer(int *cached, int supported) {
  if (*cached < 0) *cached = supported && !getenv("SOPHONMATCH_NO_AVX");
  return *cached;
}
static int avx = -1, avx2 = -1;
int cpu_use_avx(void) {
  __builtin_cpu_init();
  return answer(&avx, __builtin_cpu_supports("avx"));
}
int cpu_use_avx2(void) {
  __builtin_cpu_init();
  return answer(&avx2, __builtin_cpu_supports("avx2"));
}
#else
int cpu_use_avx(void) { return 0; }
int cpu_use_avx2(void) { return 0; }
#endif
