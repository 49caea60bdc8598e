/*
 * Common-case JPEG decoder; see jpeg-baseline.h for what it takes and what it declines.
 * Stages: markers → Huffman entropy decoding with dequantisation → 8×8 integer IDCT into one
 * plane per component → chroma upsampling and YCbCr→RGB. The arithmetic of the last two is the
 * one libjpeg-turbo documents for its default ("islow") path, so the pixels are the same;
 * test/engine/jpeg-decode.test.ts compares them with libvips byte for byte.
 */
#include "jpeg-baseline.h"

#include <stdlib.h>
#include <string.h>

#include "cpu-features.h"
#if HAVE_X86_SIMD
#include <immintrin.h>
#endif

/* Position k of the zig-zag scan → index in row-major 8×8 order. */
static const uint8_t ZIGZAG[64] = {
  0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
  41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
  30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
};

/* A dequantised coefficient beyond this is not something an 8-bit encoder writes (their range is
   about ±2,100); declining keeps every intermediate in the IDCT's designed range. */
#define COEF_LIMIT 4096

/* ---------------------------------------------------------------- Huffman tables */

#define LOOKAHEAD 9

typedef struct {
  int present;
  uint8_t fast_len[1 << LOOKAHEAD]; /* code length for a LOOKAHEAD-bit prefix, 0 if longer */
  uint8_t fast_sym[1 << LOOKAHEAD];
  int32_t maxcode[17]; /* largest code of each length, -1 if none */
  int32_t offset[17];  /* symbol index of a code of length l = offset[l] + code */
  int nsym;
  uint8_t sym[256];
} huff_table;

static int huff_build(huff_table *t, const uint8_t counts[16], const uint8_t *syms, int nsym) {
  memset(t, 0, sizeof *t);
  int code = 0, k = 0;
  for (int l = 1; l <= 16; l++) {
    const int n = counts[l - 1];
    /* Over-subscribed, or the reserved all-ones code used: refused before any table is written. */
    if (n && code + n >= (1 << l)) return 0;
    t->offset[l] = k - code;
    t->maxcode[l] = n ? code + n - 1 : -1;
    if (l <= LOOKAHEAD)
      for (int i = 0; i < n; i++) {
        const int shift = LOOKAHEAD - l, first = (code + i) << shift;
        for (int j = 0; j < (1 << shift); j++) {
          t->fast_len[first + j] = (uint8_t)l;
          t->fast_sym[first + j] = syms[k + i];
        }
      }
    code += n;
    k += n;
    code <<= 1;
  }
  if (k != nsym) return 0;
  memcpy(t->sym, syms, (size_t)nsym);
  t->nsym = nsym;
  t->present = 1;
  return 1;
}

/* ---------------------------------------------------------------- entropy-coded bits */

typedef struct {
  const uint8_t *p, *end;
  uint64_t acc; /* next bits, most significant first */
  int bits;     /* bits in acc, including padding */
  int padding;  /* zero bits appended after a marker or the end of data */
  int marker;   /* p is at a marker (0xFF, not followed by 0x00) */
} bit_reader;

static void fill(bit_reader *b) {
  while (b->bits <= 56) {
    unsigned c = 0;
    if (b->marker || b->p >= b->end) {
      b->padding += 8;
    } else if (*b->p != 0xFF) {
      c = *b->p++;
    } else if (b->p + 1 < b->end && b->p[1] == 0x00) {
      c = 0xFF;
      b->p += 2;
    } else {
      b->marker = 1;
      b->padding += 8;
    }
    b->acc |= (uint64_t)c << (56 - b->bits);
    b->bits += 8;
  }
}

/* n in 1..16; the caller has filled. */
static inline int take(bit_reader *b, int n) {
  const int v = (int)(b->acc >> (64 - n));
  b->acc <<= n;
  b->bits -= n;
  return v;
}

static inline int extend(int v, int s) { return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v; }

static inline int huff_decode(bit_reader *b, const huff_table *t) {
  const int peek = (int)(b->acc >> (64 - LOOKAHEAD));
  const int l = t->fast_len[peek];
  if (l) {
    take(b, l);
    return t->fast_sym[peek];
  }
  const int32_t top = (int32_t)(b->acc >> 48);
  for (int n = LOOKAHEAD + 1; n <= 16; n++) {
    const int32_t code = top >> (16 - n);
    if (code <= t->maxcode[n]) {
      const int32_t i = t->offset[n] + code;
      if (i < 0 || i >= t->nsym) return -1;
      take(b, n);
      return t->sym[i];
    }
  }
  return -1;
}

/* One 8×8 block: coefficients dequantised, in row-major order. 0 on anything unusual. */
static int decode_block(bit_reader *b, const huff_table *dc, const huff_table *ac, int32_t *pred, const uint16_t q[64], int32_t out[64]) {
  memset(out, 0, 64 * sizeof out[0]);
  fill(b);
  const int s = huff_decode(b, dc);
  if (s < 0 || s > 11) return 0;
  if (s) *pred += extend(take(b, s), s);
  const int64_t d0 = (int64_t)*pred * q[0];
  if (d0 > COEF_LIMIT || d0 < -COEF_LIMIT) return 0;
  out[0] = (int32_t)d0;
  for (int k = 1; k < 64;) {
    fill(b);
    const int rs = huff_decode(b, ac);
    if (rs < 0) return 0;
    const int r = rs >> 4, sz = rs & 15;
    if (sz) {
      k += r;
      if (k > 63) return 0;
      const int64_t d = (int64_t)extend(take(b, sz), sz) * q[k];
      if (d > COEF_LIMIT || d < -COEF_LIMIT) return 0;
      out[ZIGZAG[k]] = (int32_t)d;
      k++;
    } else {
      if (r != 15) break; /* end of block */
      k += 16;
    }
  }
  return b->bits >= b->padding; /* no padding bit was consumed */
}

/* ---------------------------------------------------------------- IDCT */
/* Loeffler–Ligtenberg–Moschytz 1-D IDCT in 13-bit fixed point, columns then rows, the column
   outputs kept with 2 extra bits; the constants are round(c · 2^13). */

#define FIX_0_298631336 2446
#define FIX_0_390180644 3196
#define FIX_0_541196100 4433
#define FIX_0_765366865 6270
#define FIX_0_899976223 7373
#define FIX_1_175875602 9633
#define FIX_1_501321110 12299
#define FIX_1_847759065 15137
#define FIX_1_961570560 16069
#define FIX_2_053119869 16819
#define FIX_2_562915447 20995
#define FIX_3_072711026 25172

static inline int64_t descale(int64_t x, int n) { return (x + ((int64_t)1 << (n - 1))) >> n; }

/* libjpeg-turbo's SIMD IDCTs (what sharp runs) keep the column outputs in 16-bit lanes and saturate
   the final samples, where its C IDCT wraps them modulo 1024 instead. Real images stay far inside
   both ranges; a block outside them is declined, so the result never depends on which one ran. */
#define WS_LIMIT 16383
#define OUT_LOW (-512)
#define OUT_HIGH 511

static inline int sample_ok(int64_t x) { return x >= OUT_LOW && x <= OUT_HIGH; }
static inline uint8_t idct_sample(int64_t x) { return (uint8_t)(x < -128 ? 0 : x > 127 ? 255 : x + 128); }

/* One 1-D IDCT of in[0], in[step], … in[7·step] into out[0..7] before descaling. */
static inline void idct_1d(int64_t i0, int64_t i1, int64_t i2, int64_t i3, int64_t i4, int64_t i5, int64_t i6, int64_t i7, int64_t out[8]) {
  int64_t z1 = (i2 + i6) * FIX_0_541196100;
  const int64_t e2 = z1 - i6 * FIX_1_847759065, e3 = z1 + i2 * FIX_0_765366865;
  const int64_t e0 = (i0 + i4) * 8192, e1 = (i0 - i4) * 8192;
  const int64_t t10 = e0 + e3, t13 = e0 - e3, t11 = e1 + e2, t12 = e1 - e2;
  int64_t o3 = i1, o2 = i3, o1 = i5, o0 = i7;
  int64_t z4 = o1 + o3, z3 = o0 + o2, z2 = o1 + o2;
  z1 = o0 + o3;
  const int64_t z5 = (z3 + z4) * FIX_1_175875602;
  o3 *= FIX_1_501321110;
  o2 *= FIX_3_072711026;
  o1 *= FIX_2_053119869;
  o0 *= FIX_0_298631336;
  z4 = z4 * -FIX_0_390180644 + z5;
  z3 = z3 * -FIX_1_961570560 + z5;
  z1 *= -FIX_0_899976223;
  z2 *= -FIX_2_562915447;
  o3 += z1 + z4;
  o2 += z2 + z3;
  o1 += z2 + z4;
  o0 += z1 + z3;
  out[0] = t10 + o3; out[7] = t10 - o3;
  out[1] = t11 + o2; out[6] = t11 - o2;
  out[2] = t12 + o1; out[5] = t12 - o1;
  out[3] = t13 + o0; out[4] = t13 - o0;
}

/* 0 when the block leaves the range where every implementation agrees. */
static int idct_block(const int32_t in[64], uint8_t *dst, size_t stride) {
  int32_t ws[64];
  int64_t o[8];
  for (int c = 0; c < 8; c++) {
    const int32_t *x = in + c;
    if (!(x[8] | x[16] | x[24] | x[32] | x[40] | x[48] | x[56])) {
      if (x[0] * 4 > WS_LIMIT || x[0] * 4 < -WS_LIMIT) return 0;
      for (int r = 0; r < 8; r++) ws[r * 8 + c] = x[0] * 4;
      continue;
    }
    idct_1d(x[0], x[8], x[16], x[24], x[32], x[40], x[48], x[56], o);
    for (int r = 0; r < 8; r++) {
      const int64_t v = descale(o[r], 11);
      if (v > WS_LIMIT || v < -WS_LIMIT) return 0;
      ws[r * 8 + c] = (int32_t)v;
    }
  }
  for (int r = 0; r < 8; r++) {
    const int32_t *w = ws + r * 8;
    uint8_t *d = dst + (size_t)r * stride;
    if (!(w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7])) {
      const int64_t v = descale(w[0], 5);
      if (!sample_ok(v)) return 0;
      for (int c = 0; c < 8; c++) d[c] = idct_sample(v);
      continue;
    }
    idct_1d(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], o);
    for (int c = 0; c < 8; c++) {
      const int64_t v = descale(o[c], 18);
      if (!sample_ok(v)) return 0;
      d[c] = idct_sample(v);
    }
  }
  return 1;
}

#if HAVE_X86_SIMD
/* idct_block with AVX2: each pass does the eight 1-D IDCTs at once, one per 32-bit lane, with the
   scalar code's operations in 32 bits instead of 64. Exact because no value needs more than 32 bits:
   every intermediate of idct_1d is a linear form of its eight inputs whose absolute coefficients sum
   to at most 61,214 (the outputs'; computed term by term), so with inputs of at most B in magnitude
   it stays within 61,214·B. The column pass takes dequantised coefficients, |c| <= COEF_LIMIT = 4096
   (2.5·10^8), the row pass the column outputs, |w| <= WS_LIMIT = 16383 (1.0·10^9 < 2^31). The DC-only
   column and row shortcuts of the scalar code equal the full computation, so one path serves every
   block, and the range checks are the scalar ones. */
AVX2_FN static inline __m256i mul_c(__m256i x, int32_t c) { return _mm256_mullo_epi32(x, _mm256_set1_epi32(c)); }

/* idct_1d on vectors: in[k] holds the k-th input of eight 1-D IDCTs, out[k] their k-th outputs. */
AVX2_FN static inline void idct_1d_x8(const __m256i in[8], __m256i out[8]) {
  __m256i z1 = mul_c(_mm256_add_epi32(in[2], in[6]), FIX_0_541196100);
  const __m256i e2 = _mm256_sub_epi32(z1, mul_c(in[6], FIX_1_847759065)), e3 = _mm256_add_epi32(z1, mul_c(in[2], FIX_0_765366865));
  const __m256i e0 = _mm256_slli_epi32(_mm256_add_epi32(in[0], in[4]), 13), e1 = _mm256_slli_epi32(_mm256_sub_epi32(in[0], in[4]), 13);
  const __m256i t10 = _mm256_add_epi32(e0, e3), t13 = _mm256_sub_epi32(e0, e3), t11 = _mm256_add_epi32(e1, e2), t12 = _mm256_sub_epi32(e1, e2);
  __m256i o3 = in[1], o2 = in[3], o1 = in[5], o0 = in[7];
  __m256i z4 = _mm256_add_epi32(o1, o3), z3 = _mm256_add_epi32(o0, o2), z2 = _mm256_add_epi32(o1, o2);
  z1 = _mm256_add_epi32(o0, o3);
  const __m256i z5 = mul_c(_mm256_add_epi32(z3, z4), FIX_1_175875602);
  o3 = mul_c(o3, FIX_1_501321110);
  o2 = mul_c(o2, FIX_3_072711026);
  o1 = mul_c(o1, FIX_2_053119869);
  o0 = mul_c(o0, FIX_0_298631336);
  z4 = _mm256_add_epi32(mul_c(z4, -FIX_0_390180644), z5);
  z3 = _mm256_add_epi32(mul_c(z3, -FIX_1_961570560), z5);
  z1 = mul_c(z1, -FIX_0_899976223);
  z2 = mul_c(z2, -FIX_2_562915447);
  o3 = _mm256_add_epi32(o3, _mm256_add_epi32(z1, z4));
  o2 = _mm256_add_epi32(o2, _mm256_add_epi32(z2, z3));
  o1 = _mm256_add_epi32(o1, _mm256_add_epi32(z2, z4));
  o0 = _mm256_add_epi32(o0, _mm256_add_epi32(z1, z3));
  out[0] = _mm256_add_epi32(t10, o3); out[7] = _mm256_sub_epi32(t10, o3);
  out[1] = _mm256_add_epi32(t11, o2); out[6] = _mm256_sub_epi32(t11, o2);
  out[2] = _mm256_add_epi32(t12, o1); out[5] = _mm256_sub_epi32(t12, o1);
  out[3] = _mm256_add_epi32(t13, o0); out[4] = _mm256_sub_epi32(t13, o0);
}

/* (x + 2^(n-1)) >> n, as descale. */
AVX2_FN static inline __m256i descale_x8(__m256i x, int n) { return _mm256_srai_epi32(_mm256_add_epi32(x, _mm256_set1_epi32(1 << (n - 1))), n); }

/* 1 when every lane of every vector is within ±limit. */
AVX2_FN static inline int within_x8(const __m256i v[8], int32_t limit) {
  __m256i m = _mm256_abs_epi32(v[0]);
  for (int k = 1; k < 8; k++) m = _mm256_max_epi32(m, _mm256_abs_epi32(v[k]));
  return _mm256_movemask_epi8(_mm256_cmpgt_epi32(m, _mm256_set1_epi32(limit))) == 0;
}

/* sample_ok for every lane of every vector. */
AVX2_FN static inline int samples_ok_x8(const __m256i v[8]) {
  const __m256i low = _mm256_set1_epi32(OUT_LOW), high = _mm256_set1_epi32(OUT_HIGH);
  __m256i bad = _mm256_setzero_si256();
  for (int k = 0; k < 8; k++) bad = _mm256_or_si256(bad, _mm256_or_si256(_mm256_cmpgt_epi32(v[k], high), _mm256_cmpgt_epi32(low, v[k])));
  return _mm256_testz_si256(bad, bad);
}

AVX2_FN static inline void transpose_x8(__m256i m[8]) {
  const __m256i a0 = _mm256_unpacklo_epi32(m[0], m[1]), a1 = _mm256_unpackhi_epi32(m[0], m[1]);
  const __m256i a2 = _mm256_unpacklo_epi32(m[2], m[3]), a3 = _mm256_unpackhi_epi32(m[2], m[3]);
  const __m256i a4 = _mm256_unpacklo_epi32(m[4], m[5]), a5 = _mm256_unpackhi_epi32(m[4], m[5]);
  const __m256i a6 = _mm256_unpacklo_epi32(m[6], m[7]), a7 = _mm256_unpackhi_epi32(m[6], m[7]);
  const __m256i b0 = _mm256_unpacklo_epi64(a0, a2), b1 = _mm256_unpackhi_epi64(a0, a2);
  const __m256i b2 = _mm256_unpacklo_epi64(a1, a3), b3 = _mm256_unpackhi_epi64(a1, a3);
  const __m256i b4 = _mm256_unpacklo_epi64(a4, a6), b5 = _mm256_unpackhi_epi64(a4, a6);
  const __m256i b6 = _mm256_unpacklo_epi64(a5, a7), b7 = _mm256_unpackhi_epi64(a5, a7);
  m[0] = _mm256_permute2x128_si256(b0, b4, 0x20); m[4] = _mm256_permute2x128_si256(b0, b4, 0x31);
  m[1] = _mm256_permute2x128_si256(b1, b5, 0x20); m[5] = _mm256_permute2x128_si256(b1, b5, 0x31);
  m[2] = _mm256_permute2x128_si256(b2, b6, 0x20); m[6] = _mm256_permute2x128_si256(b2, b6, 0x31);
  m[3] = _mm256_permute2x128_si256(b3, b7, 0x20); m[7] = _mm256_permute2x128_si256(b3, b7, 0x31);
}

AVX2_FN static int idct_block_avx2(const int32_t in[64], uint8_t *dst, size_t stride) {
  __m256i v[8], w[8];
  for (int r = 0; r < 8; r++) v[r] = _mm256_loadu_si256((const __m256i *)(in + 8 * r));
  idct_1d_x8(v, w); /* lane c of w[r]: column c's r-th output */
  for (int r = 0; r < 8; r++) w[r] = descale_x8(w[r], 11);
  if (!within_x8(w, WS_LIMIT)) return 0;
  transpose_x8(w); /* lane r of w[c]: row r's c-th input */
  idct_1d_x8(w, v); /* lane r of v[c]: sample (r, c) before descaling */
  for (int c = 0; c < 8; c++) v[c] = descale_x8(v[c], 18);
  if (!samples_ok_x8(v)) return 0;
  transpose_x8(v); /* lane c of v[r]: sample (r, c) */
  const __m256i bias = _mm256_set1_epi32(128);
  for (int r = 0; r < 8; r += 2) {
    /* two rows: 16 values + 128, clamped to 0..255 by the saturating packs (idct_sample) */
    const __m256i p16 = _mm256_packs_epi32(_mm256_add_epi32(v[r], bias), _mm256_add_epi32(v[r + 1], bias));
    const __m256i p8 = _mm256_packus_epi16(p16, p16);
    /* lanes: [row r 0..3, row r+1 0..3, (again)] [row r 4..7, row r+1 4..7, (again)] */
    const __m128i lo = _mm256_castsi256_si128(p8), hi = _mm256_extracti128_si256(p8, 1);
    const __m128i rows = _mm_unpacklo_epi32(lo, hi); /* row r 0..3, row r 4..7, row r+1 0..3, row r+1 4..7 */
    _mm_storel_epi64((__m128i *)(dst + (size_t)r * stride), rows);
    _mm_storel_epi64((__m128i *)(dst + (size_t)(r + 1) * stride), _mm_srli_si128(rows, 8));
  }
  return 1;
}
#endif

/* ---------------------------------------------------------------- markers */

typedef struct {
  int id, h, v, tq;   /* from the frame header */
  int td, ta;         /* from the scan header */
  int bw, bh;         /* plane size in blocks */
  uint8_t *plane;
  int32_t pred;
} component;

typedef struct {
  int width, height, ncomp, restart_interval;
  int mcus_x, mcus_y; /* the MCU grid: one block per MCU for a single component */
  int saw_jfif;
  component comp[3];
  uint16_t q[4][64]; /* zig-zag order */
  int q_present[4];
  huff_table dc[4], ac[4];
} jpeg_state;

static inline int be16(const uint8_t *p) { return (p[0] << 8) | p[1]; }

/* EXIF orientation tag of an APP1 payload (1 when absent), or -1 if the EXIF cannot be read. */
static int exif_orientation(const uint8_t *p, size_t n) {
  if (n < 6 || memcmp(p, "Exif\0\0", 6) != 0) return 1;
  p += 6;
  n -= 6;
  if (n < 8) return -1;
  const int le = p[0] == 'I' && p[1] == 'I';
  if (!le && !(p[0] == 'M' && p[1] == 'M')) return -1;
#define U16(q) (le ? (uint32_t)((q)[0] | ((q)[1] << 8)) : (uint32_t)(((q)[0] << 8) | (q)[1]))
#define U32(q) (le ? ((uint32_t)(q)[0] | ((uint32_t)(q)[1] << 8) | ((uint32_t)(q)[2] << 16) | ((uint32_t)(q)[3] << 24)) \
                   : (((uint32_t)(q)[0] << 24) | ((uint32_t)(q)[1] << 16) | ((uint32_t)(q)[2] << 8) | (uint32_t)(q)[3]))
  const uint32_t ifd = U32(p + 4);
  if (ifd > n - 2) return -1;
  const uint32_t count = U16(p + ifd);
  if ((uint64_t)ifd + 2 + (uint64_t)count * 12 > n) return -1;
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t *e = p + ifd + 2 + i * 12;
    if (U16(e) == 0x0112) return U16(e + 2) == 3 ? (int)U16(e + 8) : -1;
  }
  return 1;
#undef U16
#undef U32
}

/* Reads the segments up to the scan; returns the scan data's start or NULL with *why. */
static const uint8_t *read_headers(jpeg_state *s, const uint8_t *p, const uint8_t *end, double max_pixels, const char **why) {
  if (end - p < 4 || p[0] != 0xFF || p[1] != 0xD8) return *why = "not a JPEG", NULL;
  p += 2;
  int saw_frame = 0;
  for (;;) {
    if (end - p < 4 || p[0] != 0xFF) return *why = "damaged marker structure", NULL;
    while (p < end && *p == 0xFF) p++;
    if (end - p < 3) return *why = "truncated", NULL;
    const int m = *p++;
    if (m == 0xD8 || m == 0xD9 || (m >= 0xD0 && m <= 0xD7) || m == 0x01 || m == 0x00) return *why = "unexpected marker before the scan", NULL;
    const int len = be16(p);
    if (len < 2 || len > end - p) return *why = "truncated segment", NULL;
    const uint8_t *seg = p + 2, *segend = p + len;
    const size_t n = (size_t)(len - 2);
    p = segend;
    switch (m) {
      case 0xC0:
      case 0xC1: {
        if (saw_frame) return *why = "two frame headers", NULL;
        if (n < 6 || seg[0] != 8) return *why = "not 8-bit", NULL;
        s->height = be16(seg + 1);
        s->width = be16(seg + 3);
        s->ncomp = seg[5];
        if (s->width < 16 || s->height < 16) return *why = "smaller than 16 pixels", NULL;
        if ((double)s->width * (double)s->height > max_pixels) return *why = "more pixels than the limit", NULL;
        if (s->ncomp != 1 && s->ncomp != 3) return *why = "not greyscale or YCbCr", NULL;
        if (n != 6 + 3 * (size_t)s->ncomp) return *why = "bad frame header", NULL;
        for (int i = 0; i < s->ncomp; i++) {
          component *c = &s->comp[i];
          c->id = seg[6 + 3 * i];
          c->h = seg[7 + 3 * i] >> 4;
          c->v = seg[7 + 3 * i] & 15;
          c->tq = seg[8 + 3 * i];
          if (c->tq > 3 || c->h < 1 || c->v < 1) return *why = "bad frame header", NULL;
        }
        if (s->ncomp == 3) {
          const component *y = &s->comp[0];
          if (s->comp[1].h != 1 || s->comp[1].v != 1 || s->comp[2].h != 1 || s->comp[2].v != 1) return *why = "unusual chroma sampling", NULL;
          if (!((y->h == 1 && y->v == 1) || (y->h == 2 && y->v == 1) || (y->h == 2 && y->v == 2))) return *why = "unusual chroma sampling", NULL;
          if (!s->saw_jfif && s->comp[0].id == 'R' && s->comp[1].id == 'G' && s->comp[2].id == 'B') return *why = "RGB, not YCbCr", NULL;
        } else {
          s->comp[0].h = s->comp[0].v = 1; /* one component: one block per MCU whatever it says */
        }
        saw_frame = 1;
        break;
      }
      case 0xC4: { /* DHT */
        const uint8_t *q = seg;
        while (q < segend) {
          if (segend - q < 17) return *why = "bad Huffman table", NULL;
          const int tc = q[0] >> 4, th = q[0] & 15;
          if (tc > 1 || th > 3) return *why = "bad Huffman table", NULL;
          int total = 0;
          for (int i = 0; i < 16; i++) total += q[1 + i];
          if (total > 256 || segend - q < 17 + total) return *why = "bad Huffman table", NULL;
          if (!tc)
            for (int i = 0; i < total; i++)
              if (q[17 + i] > 11) return *why = "bad Huffman table", NULL; /* DC sizes are 0..11 for 8-bit */
          if (!huff_build(tc ? &s->ac[th] : &s->dc[th], q + 1, q + 17, total)) return *why = "bad Huffman table", NULL;
          q += 17 + total;
        }
        break;
      }
      case 0xDB: { /* DQT */
        const uint8_t *q = seg;
        while (q < segend) {
          const int pq = q[0] >> 4, tq = q[0] & 15;
          if (pq > 1 || tq > 3 || segend - q < 1 + 64 * (pq + 1)) return *why = "bad quantisation table", NULL;
          for (int i = 0; i < 64; i++) {
            const uint16_t v = pq ? (uint16_t)be16(q + 1 + 2 * i) : q[1 + i];
            if (v == 0) return *why = "zero in a quantisation table", NULL;
            s->q[tq][i] = v;
          }
          s->q_present[tq] = 1;
          q += 1 + 64 * (pq + 1);
        }
        break;
      }
      case 0xDD:
        if (n != 2) return *why = "bad restart interval", NULL;
        s->restart_interval = be16(seg);
        break;
      case 0xDA: { /* SOS */
        if (!saw_frame) return *why = "scan before the frame header", NULL;
        if (n < 1 || seg[0] != s->ncomp || n != 4 + 2 * (size_t)s->ncomp) return *why = "not one interleaved scan", NULL;
        for (int i = 0; i < s->ncomp; i++) {
          component *c = &s->comp[i];
          if (seg[1 + 2 * i] != c->id) return *why = "scan components out of order", NULL;
          c->td = seg[2 + 2 * i] >> 4;
          c->ta = seg[2 + 2 * i] & 15;
          if (c->td > 3 || c->ta > 3 || !s->dc[c->td].present || !s->ac[c->ta].present || !s->q_present[c->tq]) return *why = "missing table", NULL;
        }
        const uint8_t *t = seg + 1 + 2 * s->ncomp;
        if (t[0] != 0 || t[1] != 63 || t[2] != 0) return *why = "not a sequential scan", NULL;
        return segend;
      }
      case 0xE0:
        if (n >= 5 && memcmp(seg, "JFIF\0", 5) == 0) s->saw_jfif = 1;
        break;
      case 0xE1:
        if (exif_orientation(seg, n) != 1) return *why = "EXIF orientation", NULL;
        break;
      case 0xE2:
        if (n >= 12 && memcmp(seg, "ICC_PROFILE\0", 12) == 0) return *why = "ICC profile", NULL;
        break;
      case 0xEE:
        if (n >= 5 && memcmp(seg, "Adobe", 5) == 0) return *why = "Adobe colour transform", NULL;
        break;
      default:
        if (m >= 0xC2 && m <= 0xCF) return *why = "progressive, lossless or arithmetic-coded", NULL;
        if (m == 0xDC || m == 0xDE || m == 0xDF) return *why = "unsupported marker", NULL;
        break; /* other APPn, COM: skipped */
    }
  }
}

/* ---------------------------------------------------------------- scan */

/* The marker the entropy-coded data stops at, once nothing but padding (< 8 bits) is left before
   it; -1 when data remains or no marker follows. *after: the byte after the marker. */
static int marker_after_data(bit_reader *b, const uint8_t **after) {
  fill(b);
  if (!b->marker || b->bits - b->padding >= 8) return -1;
  const uint8_t *p = b->p;
  while (p < b->end && *p == 0xFF) p++;
  if (p >= b->end) return -1;
  *after = p + 1;
  return *p;
}

static int restart(bit_reader *b, int n) {
  const uint8_t *after;
  if (marker_after_data(b, &after) != 0xD0 + (n & 7)) return 0;
  b->p = after;
  b->acc = 0;
  b->bits = b->padding = b->marker = 0;
  return 1;
}

static int decode_scan(jpeg_state *s, bit_reader *b) {
  int32_t block[64];
  int (*idct)(const int32_t *, uint8_t *, size_t) = idct_block;
#if HAVE_X86_SIMD
  if (cpu_use_avx2()) idct = idct_block_avx2;
#endif
  int restarts = 0, left = s->restart_interval;
  for (int my = 0; my < s->mcus_y; my++)
    for (int mx = 0; mx < s->mcus_x; mx++) {
      if (s->restart_interval) {
        if (left == 0) {
          if (!restart(b, restarts++)) return 0;
          for (int i = 0; i < s->ncomp; i++) s->comp[i].pred = 0;
          left = s->restart_interval;
        }
        left--;
      }
      for (int i = 0; i < s->ncomp; i++) {
        component *c = &s->comp[i];
        const size_t stride = (size_t)c->bw * 8;
        for (int by = 0; by < c->v; by++)
          for (int bx = 0; bx < c->h; bx++) {
            if (!decode_block(b, &s->dc[c->td], &s->ac[c->ta], &c->pred, s->q[c->tq], block)) return 0;
            const size_t row = (size_t)(my * c->v + by) * 8, col = (size_t)(mx * c->h + bx) * 8;
            if (!idct(block, c->plane + row * stride + col, stride)) return 0;
          }
      }
    }
  const uint8_t *after;
  return marker_after_data(b, &after) == 0xD9; /* the scan must end cleanly at EOI */
}

/* ---------------------------------------------------------------- colour */

/* Chroma row at full width: triangle ("fancy") upsampling by 2 horizontally — and vertically for
   4:2:0, the nearer row weighted 3 and the farther 1 — with edges replicated. `out` holds 2·cw. */
static void upsample_row(const component *c, int cw, int ch, int y, int vfactor, int32_t *colsum, uint8_t *out) {
  const size_t stride = (size_t)c->bw * 8;
  if (vfactor == 2) {
    const int r = y >> 1;
    int rn = (y & 1) ? r + 1 : r - 1;
    rn = rn < 0 ? 0 : rn > ch - 1 ? ch - 1 : rn;
    const uint8_t *a = c->plane + (size_t)r * stride, *b = c->plane + (size_t)rn * stride;
    for (int i = 0; i < cw; i++) colsum[i] = a[i] * 3 + b[i];
    out[0] = (uint8_t)((colsum[0] * 4 + 8) >> 4);
    for (int i = 1; i < cw; i++) {
      out[2 * i - 1] = (uint8_t)((colsum[i - 1] * 3 + colsum[i] + 7) >> 4);
      out[2 * i] = (uint8_t)((colsum[i] * 3 + colsum[i - 1] + 8) >> 4);
    }
    out[2 * cw - 1] = (uint8_t)((colsum[cw - 1] * 4 + 7) >> 4);
  } else {
    const uint8_t *a = c->plane + (size_t)y * stride;
    out[0] = a[0];
    for (int i = 1; i < cw; i++) {
      out[2 * i - 1] = (uint8_t)((a[i - 1] * 3 + a[i] + 2) >> 2);
      out[2 * i] = (uint8_t)((a[i] * 3 + a[i - 1] + 1) >> 2);
    }
    out[2 * cw - 1] = a[cw - 1];
  }
}

/* YCbCr → RGB in 16-bit fixed point (the reference decoder's factors 1.402, 0.34414, 0.71414, 1.772). */
#define YCC_CR_R 91881
#define YCC_CB_G 22554
#define YCC_CR_G 46802
#define YCC_CB_B 116130
#define YCC_HALF 32768

static inline int32_t clamp255(int32_t v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

/* Fixed-point YCbCr → RGB with 16 fractional bits: the reference decoder's tables, as arithmetic.
   Computed per channel into `tmp` (3·w bytes; vectorisable), then interleaved. */
static void ycc_row(const uint8_t *restrict yr, const uint8_t *restrict cbr, const uint8_t *restrict crr, int w, uint8_t *restrict tmp, uint8_t *restrict o) {
  uint8_t *restrict rr = tmp, *restrict gg = tmp + w, *restrict bb = tmp + 2 * (size_t)w;
  for (int x = 0; x < w; x++) {
    const int32_t yy = yr[x], u = cbr[x] - 128, v = crr[x] - 128;
    rr[x] = (uint8_t)clamp255(yy + ((YCC_CR_R * v + YCC_HALF) >> 16));
    gg[x] = (uint8_t)clamp255(yy + ((-YCC_CB_G * u + YCC_HALF - YCC_CR_G * v) >> 16));
    bb[x] = (uint8_t)clamp255(yy + ((YCC_CB_B * u + YCC_HALF) >> 16));
  }
  int x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; x + 1 < w; x++) { /* one 4-byte store per pixel; the next pixel overwrites the 4th byte */
    const uint32_t px = (uint32_t)rr[x] | (uint32_t)gg[x] << 8 | (uint32_t)bb[x] << 16;
    memcpy(o + 3 * x, &px, 4);
  }
#endif
  for (; x < w; x++) {
    o[3 * x] = rr[x];
    o[3 * x + 1] = gg[x];
    o[3 * x + 2] = bb[x];
  }
}

#if HAVE_X86_SIMD
/* Where output byte k of 16 pixels' 48 RGB bytes comes from: for chunk j (bytes 16j..16j+15) and
   channel c, the source byte in that channel's 16 values, or 0x80 (a zero) for the other channels. */
static const uint8_t interleave_mask[3][3][16] = {
  { { 0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80, 0x80, 5 },
    { 0x80, 0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80, 0x80 },
    { 0x80, 0x80, 0, 0x80, 0x80, 1, 0x80, 0x80, 2, 0x80, 0x80, 3, 0x80, 0x80, 4, 0x80 } },
  { { 0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 8, 0x80, 0x80, 9, 0x80, 0x80, 10, 0x80 },
    { 5, 0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 8, 0x80, 0x80, 9, 0x80, 0x80, 10 },
    { 0x80, 5, 0x80, 0x80, 6, 0x80, 0x80, 7, 0x80, 0x80, 8, 0x80, 0x80, 9, 0x80, 0x80 } },
  { { 0x80, 11, 0x80, 0x80, 12, 0x80, 0x80, 13, 0x80, 0x80, 14, 0x80, 0x80, 15, 0x80, 0x80 },
    { 0x80, 0x80, 11, 0x80, 0x80, 12, 0x80, 0x80, 13, 0x80, 0x80, 14, 0x80, 0x80, 15, 0x80 },
    { 10, 0x80, 0x80, 11, 0x80, 0x80, 12, 0x80, 0x80, 13, 0x80, 0x80, 14, 0x80, 0x80, 15 } },
};

/* 8 pixels' channel values, 32 bits each: the arithmetic of ycc_row, lane by lane (integers, so
   the same values). */
AVX2_FN static inline void ycc8(__m128i y8, __m128i cb8, __m128i cr8, __m256i *r, __m256i *g, __m256i *b) {
  const __m256i c128 = _mm256_set1_epi32(128), half = _mm256_set1_epi32(YCC_HALF);
  const __m256i yy = _mm256_cvtepu8_epi32(y8);
  const __m256i u = _mm256_sub_epi32(_mm256_cvtepu8_epi32(cb8), c128), v = _mm256_sub_epi32(_mm256_cvtepu8_epi32(cr8), c128);
  *r = _mm256_add_epi32(yy, _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(v, _mm256_set1_epi32(YCC_CR_R)), half), 16));
  const __m256i gu = _mm256_add_epi32(_mm256_mullo_epi32(u, _mm256_set1_epi32(-YCC_CB_G)), half);
  *g = _mm256_add_epi32(yy, _mm256_srai_epi32(_mm256_sub_epi32(gu, _mm256_mullo_epi32(v, _mm256_set1_epi32(YCC_CR_G))), 16));
  *b = _mm256_add_epi32(yy, _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(u, _mm256_set1_epi32(YCC_CB_B)), half), 16));
}

/* Two groups of 8 values → 16 bytes clamped to 0..255 (saturating packs: the values are far inside
   16 bits, so the result is clamp255's). */
AVX2_FN static inline __m128i pack16(__m256i lo, __m256i hi) {
  const __m256i w = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
  const __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(w, w), 0xD8);
  return _mm256_castsi256_si128(bytes);
}

/* ycc_row for 16 pixels per step; the last w % 16 pixels go through ycc_row itself. */
AVX2_FN static void ycc_row_avx2(const uint8_t *yr, const uint8_t *cbr, const uint8_t *crr, int w, uint8_t *tmp, uint8_t *o) {
  int x = 0;
  for (; x + 16 <= w; x += 16) {
    const __m128i y16 = _mm_loadu_si128((const __m128i *)(yr + x)), cb16 = _mm_loadu_si128((const __m128i *)(cbr + x)), cr16 = _mm_loadu_si128((const __m128i *)(crr + x));
    __m256i r0, g0, b0, r1, g1, b1;
    ycc8(y16, cb16, cr16, &r0, &g0, &b0);
    ycc8(_mm_srli_si128(y16, 8), _mm_srli_si128(cb16, 8), _mm_srli_si128(cr16, 8), &r1, &g1, &b1);
    const __m128i ch[3] = { pack16(r0, r1), pack16(g0, g1), pack16(b0, b1) };
    for (int j = 0; j < 3; j++) {
      __m128i out = _mm_setzero_si128();
      for (int c = 0; c < 3; c++) out = _mm_or_si128(out, _mm_shuffle_epi8(ch[c], _mm_loadu_si128((const __m128i *)interleave_mask[j][c])));
      _mm_storeu_si128((__m128i *)(o + 3 * (size_t)x + 16 * j), out);
    }
  }
  if (x < w) ycc_row(yr + x, cbr + x, crr + x, w - x, tmp, o + 3 * (size_t)x);
}
#endif

static int write_rgb(const jpeg_state *s, uint8_t *rgb) {
  const int w = s->width, h = s->height;
  const component *Y = &s->comp[0];
  const size_t ystride = (size_t)Y->bw * 8;
  if (s->ncomp == 1) {
    for (int y = 0; y < h; y++) {
      const uint8_t *src = Y->plane + (size_t)y * ystride;
      uint8_t *o = rgb + (size_t)y * w * 3;
      for (int x = 0; x < w; x++, o += 3) o[0] = o[1] = o[2] = src[x];
    }
    return 1;
  }
  const int hf = Y->h, vf = Y->v;
  const int cw = (w + hf - 1) / hf, ch = (h + vf - 1) / vf;
  uint8_t *cb = malloc((size_t)cw * 4 + (size_t)w * 3), *cr = cb ? cb + 2 * (size_t)cw : NULL, *tmp = cb ? cb + 4 * (size_t)cw : NULL;
  int32_t *colsum = malloc(sizeof(int32_t) * (size_t)cw);
  if (!cb || !colsum) {
    free(cb);
    free(colsum);
    return 0;
  }
  const size_t cstride = (size_t)s->comp[1].bw * 8;
  void (*row_to_rgb)(const uint8_t *, const uint8_t *, const uint8_t *, int, uint8_t *, uint8_t *) = ycc_row;
#if HAVE_X86_SIMD
  if (cpu_use_avx2()) row_to_rgb = ycc_row_avx2;
#endif
  for (int y = 0; y < h; y++) {
    const uint8_t *cbr = cb, *crr = cr;
    if (hf == 2) {
      upsample_row(&s->comp[1], cw, ch, y, vf, colsum, cb);
      upsample_row(&s->comp[2], cw, ch, y, vf, colsum, cr);
    } else {
      cbr = s->comp[1].plane + (size_t)y * cstride;
      crr = s->comp[2].plane + (size_t)y * cstride;
    }
    row_to_rgb(Y->plane + (size_t)y * ystride, cbr, crr, w, tmp, rgb + (size_t)y * w * 3);
  }
  free(cb);
  free(colsum);
  return 1;
}

/* ---------------------------------------------------------------- entry */

const char *jpeg_baseline_decode(const uint8_t *data, size_t len, double max_pixels, jpeg_alloc_fn alloc, void *alloc_ctx, int *width, int *height) {
  jpeg_state *s = calloc(1, sizeof *s);
  if (!s) return "out of memory";
  const char *why = NULL;
  const uint8_t *scan = read_headers(s, data, data + len, max_pixels, &why);
  if (scan) {
    const int mw = s->comp[0].h, mh = s->comp[0].v; /* luma's factors are the largest; 1 × 1 for grey */
    s->mcus_x = (s->width + 8 * mw - 1) / (8 * mw);
    s->mcus_y = (s->height + 8 * mh - 1) / (8 * mh);
    for (int i = 0; i < s->ncomp && !why; i++) {
      component *c = &s->comp[i];
      c->bw = s->mcus_x * c->h;
      c->bh = s->mcus_y * c->v;
      c->plane = malloc((size_t)c->bw * 64 * (size_t)c->bh);
      if (!c->plane) why = "out of memory";
    }
    if (!why) {
      bit_reader b = { scan, data + len, 0, 0, 0, 0 };
      if (!decode_scan(s, &b)) why = "unusual entropy-coded data";
    }
    if (!why) {
      uint8_t *rgb = alloc(alloc_ctx, (size_t)s->width * s->height * 3);
      if (!rgb) why = "out of memory";
      else if (!write_rgb(s, rgb)) why = "out of memory";
      else {
        *width = s->width;
        *height = s->height;
      }
    }
    for (int i = 0; i < s->ncomp; i++) free(s->comp[i].plane);
  }
  free(s);
  return why;
}
