// Chip photo decoders behind one interface. WLT is proprietary: the reader vendor's library decodes
// it (loaded from a configured path through koffi, never shipped or committed); readers that already
// deliver JPEG/PNG/BMP pass through; with neither, the state says so and the card fields still show.

import type { PhotoDecoderState } from '../../contracts/photo-decoder.js';

export type { PhotoDecoderState };

export interface PhotoDecoder {
  readonly state: PhotoDecoderState;
  /** Chip photo bytes → an image the engine reads (BMP, JPEG or PNG). */
  decode(photo: Uint8Array): Promise<Buffer>;
}

export class PhotoDecoderError extends Error {
  constructor(
    /** CRASHED / TIMED_OUT: the vendor library died or hung on this photo (its process was replaced). */
    readonly code: 'NO_DECODER' | 'DECODE_FAILED' | 'LIBRARY_NOT_LOADED' | 'CRASHED' | 'TIMED_OUT',
    message: string,
  ) {
    super(message);
    this.name = 'PhotoDecoderError';
  }
}

const isImage = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xd8) || (b[0] === 0x89 && b[1] === 0x50) || (b[0] === 0x42 && b[1] === 0x4d);

/** Readers that deliver a finished image: passed through; a WLT photo is refused with a reason. */
export class PassThroughDecoder implements PhotoDecoder {
  readonly state: PhotoDecoderState = {
    kind: 'none',
    reason: 'no WLT decoder is installed; only readers that deliver JPEG, PNG or BMP photos can be compared',
  };
  async decode(photo: Uint8Array): Promise<Buffer> {
    if (isImage(photo)) return Buffer.from(photo);
    throw new PhotoDecoderError(
      'NO_DECODER',
      'this reader delivers WLT photos and no WLT decoder is installed: set the vendor decoder library in Settings',
    );
  }
}

/** Tries the vendor library for WLT, passes finished images through. */
export class ChainDecoder implements PhotoDecoder {
  constructor(private readonly wlt: PhotoDecoder) {}
  get state(): PhotoDecoderState {
    return this.wlt.state;
  }
  async decode(photo: Uint8Array): Promise<Buffer> {
    return isImage(photo) ? Buffer.from(photo) : this.wlt.decode(photo);
  }
  /** Stops what the WLT decoder runs (its child process). */
  close(): void {
    (this.wlt as { close?: () => void }).close?.();
  }
}
