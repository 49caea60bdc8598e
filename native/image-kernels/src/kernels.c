/*
 * The engine's pixel loops in C (N-API, so one build serves Node and Electron's utility process):
 * the only implementation of halve, resizeTriangle, warpAffine and gaussianBlur (the callers in
 * main/engine/image/ compute taps and allocate the buffers; these functions only read and write
 * them). Doubles for sums, floats where an intermediate plane is stored, no FMA contraction, no
 * fast-math: the same bits on every compiler and CPU. test/engine/pixel-kernels.test.ts pins the
 * outputs on real photos (the embeddings of the face set depend on every bit).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>

#define MAX_ARGS 12

typedef struct {
  void *data;
  size_t length; /* elements */
  napi_typedarray_type type;
} array_arg;

static int get_array(napi_env env, napi_value v, napi_typedarray_type want, array_arg *out) {
  bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &out->type, &out->length, &out->data, &ab, &offset) != napi_ok) return 0;
  return out->type == want;
}

/* floor() without a libm call where the integer cast is exact (baseline x86-64 has no rounding
   instruction); beyond ±2^52 every double is already an integer, and NaN or ±∞ go to floor() itself. */
static inline double floor_fast(double v) {
  if (!(v > -4503599627370496.0 && v < 4503599627370496.0)) return floor(v);
  const double t = (double)(long long)v;
  return t > v ? t - 1 : t;
}

static int get_int(napi_env env, napi_value v, int32_t *out) { return napi_get_value_int32(env, v, out) == napi_ok; }
static int get_double(napi_env env, napi_value v, double *out) { return napi_get_value_double(env, v, out) == napi_ok; }

static napi_value fail(napi_env env, const char *what) {
  napi_throw_type_error(env, "IMAGE_KERNEL_ARGS", what);
  return NULL;
}

static size_t read_args(napi_env env, napi_callback_info info, napi_value *argv) {
  size_t argc = MAX_ARGS;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return argc;
}

/* halve(src: Uint8Array, sw, sh, out: Uint8Array): triangle 1-3-3-1 per axis, integer. */
static napi_value halve(napi_env env, napi_callback_info info) {
  napi_value a[MAX_ARGS];
  array_arg src, dst;
  int32_t sw, sh;
  if (read_args(env, info, a) < 4 || !get_array(env, a[0], napi_uint8_array, &src) || !get_int(env, a[1], &sw) || !get_int(env, a[2], &sh) ||
      !get_array(env, a[3], napi_uint8_array, &dst))
    return fail(env, "halve(src, sw, sh, out)");
  const int32_t w = sw >> 1, h = sh >> 1;
  if (sw < 2 || sh < 2 || src.length < (size_t)sw * sh * 3 || dst.length < (size_t)w * h * 3) return fail(env, "halve: buffer sizes");
  const uint8_t *s = src.data;
  uint8_t *d = dst.data;
  const int32_t ms = w * 3;
  uint16_t *mid = malloc(((size_t)ms * sh + 1) * sizeof(uint16_t));
  if (!mid) return fail(env, "halve: out of memory");
  for (int32_t y = 0; y < sh; y++) {
    const uint8_t *row = s + (size_t)y * sw * 3;
    uint16_t *o = mid + (size_t)y * ms;
    for (int32_t x = 0; x < w; x++) {
      const int32_t xa = x == 0 ? 0 : 2 * x - 1, xd = 2 * x + 2 >= sw ? sw - 1 : 2 * x + 2;
      const uint8_t *pa = row + xa * 3, *pb = row + 2 * x * 3, *pc = pb + 3, *pd = row + xd * 3;
      for (int c = 0; c < 3; c++) o[x * 3 + c] = (uint16_t)(pa[c] + 3 * (pb[c] + pc[c]) + pd[c]);
    }
  }
  for (int32_t y = 0; y < h; y++) {
    const uint16_t *ra = mid + (size_t)(y == 0 ? 0 : 2 * y - 1) * ms, *rb = mid + (size_t)2 * y * ms, *rc = rb + ms,
                   *re = mid + (size_t)(2 * y + 2 >= sh ? sh - 1 : 2 * y + 2) * ms;
    uint8_t *o = d + (size_t)y * ms;
    for (int32_t x = 0; x < ms; x++) o[x] = (uint8_t)((ra[x] + 3 * (rb[x] + rc[x]) + re[x] + 32) >> 6);
  }
  free(mid);
  return NULL;
}

/* resizeTriangle(src, sw, sh, w, h, xs, xi, xw, ys, yi, yw, out): separable taps computed by the caller. */
static napi_value resize_triangle(napi_env env, napi_callback_info info) {
  napi_value a[MAX_ARGS];
  array_arg src, xs, xi, xw, ys, yi, yw, dst;
  int32_t sw, sh, w, h;
  if (read_args(env, info, a) < 12 || !get_array(env, a[0], napi_uint8_array, &src) || !get_int(env, a[1], &sw) || !get_int(env, a[2], &sh) ||
      !get_int(env, a[3], &w) || !get_int(env, a[4], &h) || !get_array(env, a[5], napi_int32_array, &xs) || !get_array(env, a[6], napi_int32_array, &xi) ||
      !get_array(env, a[7], napi_float32_array, &xw) || !get_array(env, a[8], napi_int32_array, &ys) || !get_array(env, a[9], napi_int32_array, &yi) ||
      !get_array(env, a[10], napi_float32_array, &yw) || !get_array(env, a[11], napi_uint8_array, &dst))
    return fail(env, "resizeTriangle(src, sw, sh, w, h, xs, xi, xw, ys, yi, yw, out)");
  if (src.length < (size_t)sw * sh * 3 || dst.length < (size_t)w * h * 3 || xs.length < (size_t)w + 1 || ys.length < (size_t)h + 1)
    return fail(env, "resizeTriangle: buffer sizes");
  const int32_t *xsp = xs.data, *xip = xi.data, *ysp = ys.data, *yip = yi.data;
  const float *xwp = xw.data, *ywp = yw.data;
  if ((size_t)xsp[w] > xi.length || (size_t)xsp[w] > xw.length || (size_t)ysp[h] > yi.length || (size_t)ysp[h] > yw.length) return fail(env, "resizeTriangle: taps");
  for (size_t k = 0; k < (size_t)xsp[w]; k++) if (xip[k] < 0 || xip[k] >= sw) return fail(env, "resizeTriangle: x tap out of range");
  for (size_t k = 0; k < (size_t)ysp[h]; k++) if (yip[k] < 0 || yip[k] >= sh) return fail(env, "resizeTriangle: y tap out of range");
  const uint8_t *s = src.data;
  uint8_t *d = dst.data;
  const size_t stride = (size_t)w * 3;
  float *mid = malloc((stride * sh + 1) * sizeof(float));
  float *acc = malloc(stride * sizeof(float));
  if (!mid || !acc) {
    free(mid);
    free(acc);
    return fail(env, "resizeTriangle: out of memory");
  }
  for (int32_t y = 0; y < sh; y++) {
    const uint8_t *row = s + (size_t)y * sw * 3;
    float *o = mid + (size_t)y * stride;
    for (int32_t x = 0; x < w; x++, o += 3) {
      double r = 0, g = 0, b = 0;
      for (int32_t k = xsp[x]; k < xsp[x + 1]; k++) {
        const double wt = xwp[k];
        const uint8_t *p = row + (size_t)xip[k] * 3;
        r += p[0] * wt;
        g += p[1] * wt;
        b += p[2] * wt;
      }
      o[0] = (float)r;
      o[1] = (float)g;
      o[2] = (float)b;
    }
  }
  for (int32_t y = 0; y < h; y++) {
    for (size_t x = 0; x < stride; x++) acc[x] = 0;
    for (int32_t k = ysp[y]; k < ysp[y + 1]; k++) {
      const double wt = ywp[k];
      const float *m = mid + (size_t)yip[k] * stride;
      for (size_t x = 0; x < stride; x++) acc[x] = (float)((double)acc[x] + (double)m[x] * wt);
    }
    uint8_t *o = d + (size_t)y * stride;
    for (size_t x = 0; x < stride; x++) o[x] = (uint8_t)(int32_t)((double)acc[x] + 0.5);
  }
  free(mid);
  free(acc);
  return NULL;
}

typedef struct {
  const uint8_t *s;
  size_t stride;
  int32_t sw, sh;
  double fill;
  size_t length; /* bytes readable at s */
} warp_source;

/* One bilinear sample at source (fx0 + fx, fy0 + fy) added to rgb, `fill` outside the image. */
static inline void add_bilinear(const warp_source *src, double fx0, double fy0, double fx, double fy, double rgb[3]) {
  /* A NaN or infinite coordinate (a degenerate transform) makes the reference's sum NaN, stored as 0;
     it must not become an index here. Otherwise fx0 and fy0 are finite and checked before any read. */
  if (isnan(fx) || isnan(fy)) {
    for (int c = 0; c < 3; c++) rgb[c] = NAN;
    return;
  }
  const double w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
  if (fx0 >= 0 && fy0 >= 0 && fx0 + 1 < src->sw && fy0 + 1 < src->sh) {
    const uint8_t *p = src->s + (size_t)fy0 * src->stride + (size_t)fx0 * 3;
    const uint8_t *q = p + src->stride;
    rgb[0] += p[0] * w00 + p[3] * w01 + q[0] * w10 + q[3] * w11;
    rgb[1] += p[1] * w00 + p[4] * w01 + q[1] * w10 + q[4] * w11;
    rgb[2] += p[2] * w00 + p[5] * w01 + q[2] * w10 + q[5] * w11;
    return;
  }
  for (int k = 0; k < 4; k++) {
    const double xx = fx0 + (k & 1), yy = fy0 + (k >> 1);
    const double wt = k == 0 ? w00 : k == 1 ? w01 : k == 2 ? w10 : w11;
    if (xx < 0 || yy < 0 || xx >= src->sw || yy >= src->sh) {
      for (int c = 0; c < 3; c++) rgb[c] += src->fill * wt;
    } else {
      const uint8_t *p = src->s + (size_t)yy * src->stride + (size_t)xx * 3;
      for (int c = 0; c < 3; c++) rgb[c] += p[c] * wt;
    }
  }
}

static inline void store_rgb(uint8_t *q, const double rgb[3], double inv2) {
  for (int c = 0; c < 3; c++) {
    const double v = rgb[c] * inv2 + 0.5;
    q[c] = isnan(v) ? 0 : (uint8_t)(int32_t)v; /* a typed array stores NaN as 0 */
  }
}

/*
 * warpAffine(src, sw, sh, inv: Float64Array(6), w, h, fill, n, out): bilinear, n×n samples per pixel.
 * The reference computes u = A·px + B·py + C and v = D·px + E·py + F per sample; here the products
 * are computed once per column sample and per row sample and summed in the same order (same bits).
 * Axis-aligned warps (crops: B = D = 0) go further: each column's floor and fraction, and each
 * row's, are computed once (the dropped terms are ±0, which cannot change a sum or a floor).
 */
static napi_value warp_affine(napi_env env, napi_callback_info info) {
  napi_value a[MAX_ARGS];
  array_arg src, inv, dst;
  int32_t sw, sh, w, h, n;
  double fill;
  if (read_args(env, info, a) < 9 || !get_array(env, a[0], napi_uint8_array, &src) || !get_int(env, a[1], &sw) || !get_int(env, a[2], &sh) ||
      !get_array(env, a[3], napi_float64_array, &inv) || !get_int(env, a[4], &w) || !get_int(env, a[5], &h) || !get_double(env, a[6], &fill) ||
      !get_int(env, a[7], &n) || !get_array(env, a[8], napi_uint8_array, &dst))
    return fail(env, "warpAffine(src, sw, sh, inv, w, h, fill, n, out)");
  if (inv.length < 6 || n < 1 || w < 0 || h < 0 || src.length < (size_t)sw * sh * 3 || dst.length < (size_t)w * h * 3) return fail(env, "warpAffine: buffer sizes");
  const double *m = inv.data;
  const double A = m[0], B = m[1], C = m[2], D = m[3], E = m[4], F = m[5];
  const warp_source ws = { src.data, (size_t)sw * 3, sw, sh, fill, src.length };
  uint8_t *o = dst.data;
  const double inv2 = 1.0 / (double)(n * n);
  const int axis = B == 0 && D == 0;
  /* Per column sample: A·px and D·px (general) or floor(u) and its fraction (axis-aligned); per row likewise. */
  double *col0 = malloc(sizeof(double) * ((size_t)w * n + 1)), *col1 = malloc(sizeof(double) * ((size_t)w * n + 1));
  double *row0 = malloc(sizeof(double) * ((size_t)h * n + 1)), *row1 = malloc(sizeof(double) * ((size_t)h * n + 1));
  if (!col0 || !col1 || !row0 || !row1) {
    free(col0); free(col1); free(row0); free(row1);
    return fail(env, "warpAffine: out of memory");
  }
  for (int32_t x = 0; x < w; x++)
    for (int32_t sx = 0; sx < n; sx++) {
      const double px = x + (sx + 0.5) / n - 0.5;
      const size_t i = (size_t)x * n + sx;
      if (axis) {
        const double u = A * px + 0.0 + C, f0 = floor_fast(u);
        col0[i] = f0;
        col1[i] = u - f0;
      } else {
        col0[i] = A * px;
        col1[i] = D * px;
      }
    }
  for (int32_t y = 0; y < h; y++)
    for (int32_t sy = 0; sy < n; sy++) {
      const double py = y + (sy + 0.5) / n - 0.5;
      const size_t i = (size_t)y * n + sy;
      if (axis) {
        const double v = 0.0 + E * py + F, f0 = floor_fast(v);
        row0[i] = f0;
        row1[i] = v - f0;
      } else {
        row0[i] = B * py;
        row1[i] = E * py;
      }
    }
  {
    for (int32_t y = 0; y < h; y++) {
      for (int32_t x = 0; x < w; x++) {
        double rgb[3] = { 0, 0, 0 };
        for (int32_t sy = 0; sy < n; sy++) {
          const double r0 = row0[(size_t)y * n + sy], r1 = row1[(size_t)y * n + sy];
          for (int32_t sx = 0; sx < n; sx++) {
            const double c0 = col0[(size_t)x * n + sx], c1 = col1[(size_t)x * n + sx];
            if (axis) {
              add_bilinear(&ws, c0, r0, c1, r1, rgb);
            } else {
              const double u = c0 + r0 + C, v = c1 + r1 + F;
              const double fx0 = floor_fast(u), fy0 = floor_fast(v);
              add_bilinear(&ws, fx0, fy0, u - fx0, v - fy0, rgb);
            }
          }
        }
        store_rgb(o + ((size_t)y * w + x) * 3, rgb, inv2);
      }
    }
  }
  free(col0); free(col1); free(row0); free(row1);
  return NULL;
}

/* gaussianBlur(src, w, h, k: Float32Array(2r+1), out): separable, clamped edges. */
static napi_value gaussian_blur(napi_env env, napi_callback_info info) {
  napi_value a[MAX_ARGS];
  array_arg src, kern, dst;
  int32_t w, h;
  if (read_args(env, info, a) < 5 || !get_array(env, a[0], napi_uint8_array, &src) || !get_int(env, a[1], &w) || !get_int(env, a[2], &h) ||
      !get_array(env, a[3], napi_float32_array, &kern) || !get_array(env, a[4], napi_uint8_array, &dst))
    return fail(env, "gaussianBlur(src, w, h, k, out)");
  const int32_t taps = (int32_t)kern.length, r = taps / 2;
  if (taps % 2 == 0 || w < 1 || h < 1 || src.length < (size_t)w * h * 3 || dst.length < (size_t)w * h * 3) return fail(env, "gaussianBlur: buffer sizes");
  const float *k = kern.data;
  const uint8_t *s = src.data;
  uint8_t *out = dst.data;
  float *tmp = malloc((size_t)w * h * 3 * sizeof(float));
  double *acc = malloc((size_t)w * 3 * sizeof(double));
  int32_t *col = malloc((size_t)w * taps * sizeof(int32_t)), *rowi = malloc((size_t)h * taps * sizeof(int32_t));
  if (!tmp || !acc || !col || !rowi) {
    free(tmp);
    free(acc);
    free(col);
    free(rowi);
    return fail(env, "gaussianBlur: out of memory");
  }
  for (int32_t x = 0; x < w; x++)
    for (int32_t t = 0; t < taps; t++) {
      int32_t xx = x + t - r;
      col[x * taps + t] = (xx < 0 ? 0 : xx > w - 1 ? w - 1 : xx) * 3;
    }
  for (int32_t y = 0; y < h; y++)
    for (int32_t t = 0; t < taps; t++) {
      int32_t yy = y + t - r;
      rowi[y * taps + t] = (yy < 0 ? 0 : yy > h - 1 ? h - 1 : yy) * w * 3;
    }
  /* Both passes sum the taps in order into doubles per channel value, as the reference does; they
     run over whole rows of values (x·3 + c) so that the compiler vectorises them. Horizontally, the
     pixels whose taps all fall inside the row take the row loop; the r pixels at each end, whose taps
     are clamped, take the per-pixel loop. */
  const int32_t lo = r < w ? r : w, hi = w - r > lo ? w - r : lo; /* interior pixels: [lo, hi) */
  for (int32_t y = 0; y < h; y++) {
    const size_t row = (size_t)y * w * 3;
    for (size_t i = (size_t)lo * 3; i < (size_t)hi * 3; i++) acc[i] = 0;
    for (int32_t t = 0; t < taps; t++) {
      const double kt = k[t];
      const uint8_t *sr = s + row + (ptrdiff_t)(t - r) * 3;
      for (size_t i = (size_t)lo * 3; i < (size_t)hi * 3; i++) acc[i] += sr[i] * kt;
    }
    for (size_t i = (size_t)lo * 3; i < (size_t)hi * 3; i++) tmp[row + i] = (float)acc[i];
    for (int32_t x = 0; x < w; x++) {
      if (x == lo && hi > lo) x = hi;
      if (x >= w) break;
      double a0 = 0, a1 = 0, a2 = 0;
      for (int32_t t = 0; t < taps; t++) {
        const size_t i = row + col[x * taps + t];
        const double kt = k[t];
        a0 += s[i] * kt;
        a1 += s[i + 1] * kt;
        a2 += s[i + 2] * kt;
      }
      const size_t o = row + (size_t)x * 3;
      tmp[o] = (float)a0;
      tmp[o + 1] = (float)a1;
      tmp[o + 2] = (float)a2;
    }
  }
  const size_t rw = (size_t)w * 3;
  for (int32_t y = 0; y < h; y++) {
    for (size_t i = 0; i < rw; i++) acc[i] = 0;
    for (int32_t t = 0; t < taps; t++) {
      const double kt = k[t];
      const float *m = tmp + rowi[y * taps + t];
      for (size_t i = 0; i < rw; i++) acc[i] += (double)m[i] * kt;
    }
    uint8_t *o = out + (size_t)y * rw;
    for (size_t i = 0; i < rw; i++) o[i] = (uint8_t)(int32_t)(acc[i] + 0.5);
  }
  free(tmp);
  free(acc);
  free(col);
  free(rowi);
  return NULL;
}

NAPI_MODULE_INIT() {
  const struct { const char *name; napi_callback fn; } fns[] = {
    { "halve", halve }, { "resizeTriangle", resize_triangle }, { "warpAffine", warp_affine }, { "gaussianBlur", gaussian_blur }
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f);
    napi_set_named_property(env, exports, fns[i].name, f);
  }
  return exports;
}
