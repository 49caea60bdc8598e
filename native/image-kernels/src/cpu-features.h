/*
 * Which vector instruction sets the C kernels may use: the CPU and the OS support them, the build
 * can emit them (x86-64 with GCC or Clang), and SOPHONMATCH_NO_AVX is not set (the tests use it
 * to keep the scalar loops checked). Every vector form computes what its scalar twin computes.
 */
#ifndef CPU_FEATURES_H
#define CPU_FEATURES_H

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_SIMD 1
#define AVX_FN __attribute__((target("avx")))
#define AVX2_FN __attribute__((target("avx2")))
#else
#define HAVE_X86_SIMD 0
#endif

/* 1 when the AVX (256-bit floating point) forms may run. */
int cpu_use_avx(void);
/* 1 when the AVX2 (256-bit integer) forms may run. */
int cpu_use_avx2(void);

#endif
