// Chromium and Electron (Skia) tag every canvas JPEG with their own 456-byte sRGB profile, so every
// camera frame the counter sends carries it. libvips then runs an sRGB → sRGB ICC transform: about
// five times the cost of the decode itself, for a result that differs from the untransformed pixels
// by at most one level in 0.06 % of values (lcms rounding; measured over all 16.7 M colours). A JPEG
// tagged with exactly one of the profiles below is decoded as the sRGB it says it is: the profile's
// segment is left out and the common-case decoder takes the file. Any other profile still goes to
// libvips and its transform.
import { createHash } from 'node:crypto';

/** sRGB profiles whose transform to sRGB is the identity up to rounding, by the sha256 of their bytes. */
export const KNOWN_SRGB_PROFILES: ReadonlyMap<string, string> = new Map([
  ['12afb4d9953adee0607d347daee5b78b18d6b3cab2d572b88970703f5edb37bc', 'Skia "sRGB" (© Google Inc.), written by Chromium and Electron canvas JPEG encoders'],
]);

const ICC_ID = 'ICC_PROFILE\0';

/**
 * The JPEG without its ICC segment when that segment holds, whole, one of KNOWN_SRGB_PROFILES;
 * null when it has no profile, another profile, a profile split over several segments, or headers
 * this walk does not follow (the caller then decodes the file as it is).
 */
export function withoutKnownSrgbProfile(jpeg: Uint8Array): Uint8Array | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let found: { start: number; end: number } | null = null;
  for (let i = 2; i + 4 <= jpeg.length; ) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // start of scan (or end): the headers are over
    const end = i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
    if (end > jpeg.length) return null;
    if (marker === 0xe2 && end - i - 4 > ICC_ID.length + 2 && Buffer.from(jpeg.subarray(i + 4, i + 4 + ICC_ID.length)).toString('latin1') === ICC_ID) {
      const seq = jpeg[i + 4 + ICC_ID.length]!, count = jpeg[i + 5 + ICC_ID.length]!;
      if (found || seq !== 1 || count !== 1) return null;
      const profile = jpeg.subarray(i + 6 + ICC_ID.length, end);
      if (!KNOWN_SRGB_PROFILES.has(createHash('sha256').update(profile).digest('hex'))) return null;
      found = { start: i, end };
    }
    i = end;
  }
  if (!found) return null;
  const out = new Uint8Array(jpeg.length - (found.end - found.start));
  out.set(jpeg.subarray(0, found.start));
  out.set(jpeg.subarray(found.end), found.start);
  return out;
}
