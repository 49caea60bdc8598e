/*
 * A decoder for the common case of JPEG only: baseline (or extended sequential) Huffman, 8-bit,
 * one interleaved scan, greyscale or YCbCr with chroma at 4:4:4, 4:2:2 or 4:2:0, no ICC profile,
 * no Adobe marker, EXIF orientation absent or 1. It produces the pixels libjpeg-turbo's default
 * decode produces (the accurate integer IDCT, "fancy" triangle chroma upsampling, fixed-point
 * YCbCr→RGB) — the decode sharp/libvips does — without libvips' per-image set-up cost.
 *
 * Anything else, and anything unusual in the data (a bad Huffman code, a premature marker, a
 * missing EOI, coefficients no 8-bit encoder produces), is declined with a reason: the caller
 * decodes that image with libvips, which also owns every error message.
 */
#ifndef JPEG_BASELINE_H
#define JPEG_BASELINE_H
#include <stddef.h>
#include <stdint.h>

/* Returns the buffer for width × height × 3 RGB bytes, or NULL (allocation refused). */
typedef uint8_t *(*jpeg_alloc_fn)(void *ctx, size_t bytes);

/* NULL on success (pixels written to the buffer `alloc` returned); otherwise why it declined. */
const char *jpeg_baseline_decode(const uint8_t *data, size_t len, double max_pixels, jpeg_alloc_fn alloc, void *alloc_ctx, int *width, int *height);

#endif
