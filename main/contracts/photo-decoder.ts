// The messages of the vendor WLT decoder's child process (main/reader/photo/isolated-decoder.ts):
// what its probe says of the library, and its answer to one photo. Both are checked on arrival, as
// the child runs vendor code.
import { z } from 'zod';

export const PhotoDecoderStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), name: z.string() }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type PhotoDecoderState = z.infer<typeof PhotoDecoderStateSchema>;

export const DecodeAnswerSchema = z.object({ id: z.number(), ok: z.boolean(), bmp: z.string().optional(), message: z.string().optional() });
