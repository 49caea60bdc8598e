// Reads the parts of a TFLite model file (a FlatBuffer) that a float32 inference graph needs:
// tensors (shape, type, constant data), operators (builtin code, inputs, outputs, options).
// The FlatBuffer runtime is the maintained `flatbuffers` package; the table layouts follow
// TensorFlow Lite's schema.fbs (field numbers as there; only the fields read here are listed).
import { ByteBuffer } from 'flatbuffers';

export class TfliteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfliteFormatError';
  }
}

/** schema.fbs `BuiltinOperator` values of the ops this reader names (the others stay numbers). */
export const BUILTIN = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  FULLY_CONNECTED: 9,
  L2_NORMALIZATION: 11,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  TRANSPOSE: 39,
  MEAN: 40,
  SUB: 41,
  SQUEEZE: 43,
  PRELU: 54,
} as const;

/** schema.fbs `TensorType`. */
export const TENSOR_TYPE = { FLOAT32: 0, FLOAT16: 1, INT32: 2, UINT8: 3, INT64: 4 } as const;

/** schema.fbs `ActivationFunctionType`. */
export const ACTIVATION = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3, TANH: 4 } as const;

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: number;
  /** The tensor's constant bytes, or null for an activation (an empty buffer). */
  data: Uint8Array | null;
}

export interface TfliteOperator {
  /** BuiltinOperator value (the larger of the deprecated byte and the int field, as TFLite does). */
  builtin: number;
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union type, and a reader of its table's scalar fields by field number. */
  optionsType: number;
  option(field: number, kind: 'int8' | 'int32' | 'bool', fallback: number): number;
  optionVector(field: number): number[];
}

export interface TfliteGraph {
  version: number;
  description: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

const vt = (field: number) => 4 + 2 * field;

/** The `TFL3` file identifier every TFLite model file carries at bytes 4..8. */
export function isTflite(bytes: Uint8Array): boolean {
  return bytes.length > 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3';
}

export function readTflite(bytes: Uint8Array): TfliteGraph {
  if (!isTflite(bytes)) throw new TfliteFormatError('not a TFLite model file (no TFL3 identifier)');
  const bb = new ByteBuffer(bytes);
  const inRange = (off: number, len = 4) => {
    if (off < 0 || off + len > bytes.length) throw new TfliteFormatError(`offset ${off} outside the file`);
    return off;
  };
  const table = (pos: number) => {
    inRange(pos);
    return pos;
  };
  const root = table(bb.readUint32(0));
  const field = (t: number, f: number) => bb.__offset(t, vt(f));
  const u32 = (t: number, f: number, d: number) => (field(t, f) ? bb.readUint32(t + field(t, f)) : d);
  const i32 = (t: number, f: number, d: number) => (field(t, f) ? bb.readInt32(t + field(t, f)) : d);
  const i8 = (t: number, f: number, d: number) => (field(t, f) ? bb.readInt8(t + field(t, f)) : d);
  const u8 = (t: number, f: number, d: number) => (field(t, f) ? bb.readUint8(t + field(t, f)) : d);
  const str = (t: number, f: number) => (field(t, f) ? (bb.__string(t + field(t, f)) as string) : '');
  const tables = (t: number, f: number): number[] => {
    const o = field(t, f);
    if (!o) return [];
    const start = bb.__vector(t + o), n = bb.__vector_len(t + o);
    inRange(start, 4 * n);
    return Array.from({ length: n }, (_, i) => table(bb.__indirect(start + 4 * i)));
  };
  const ints = (t: number, f: number): number[] => {
    const o = field(t, f);
    if (!o) return [];
    const start = bb.__vector(t + o), n = bb.__vector_len(t + o);
    inRange(start, 4 * n);
    return Array.from({ length: n }, (_, i) => bb.readInt32(start + 4 * i));
  };
  const byteVector = (t: number, f: number): Uint8Array | null => {
    const o = field(t, f);
    if (!o) return null;
    const start = bb.__vector(t + o), n = bb.__vector_len(t + o);
    if (n === 0) return null;
    inRange(start, n);
    return bytes.subarray(start, start + n);
  };

  // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4.
  const version = u32(root, 0, 0);
  const opCodes = tables(root, 1).map((oc) => Math.max(i8(oc, 0, 0), i32(oc, 3, 0))); // deprecated_builtin_code 0, builtin_code 3
  const customCodes = tables(root, 1).map((oc) => str(oc, 1));
  const buffers = tables(root, 4).map((b) => {
    if (field(b, 1)) throw new TfliteFormatError('buffers stored outside the FlatBuffer (offset/size) are not supported');
    return byteVector(b, 0);
  });
  const subgraphs = tables(root, 2);
  if (subgraphs.length !== 1) throw new TfliteFormatError(`expected one subgraph, found ${subgraphs.length}`);
  const sg = subgraphs[0]!;
  // SubGraph: tensors 0, inputs 1, outputs 2, operators 3. Tensor: shape 0, type 1, buffer 2, name 3, quantization 4.
  const tensors = tables(sg, 0).map((t, index): TfliteTensor => {
    const b = u32(t, 2, 0);
    if (b >= buffers.length) throw new TfliteFormatError(`tensor ${index} names buffer ${b} of ${buffers.length}`);
    return { index, name: str(t, 3), shape: ints(t, 0), type: u8(t, 1, 0), data: buffers[b] ?? null };
  });
  const operators = tables(sg, 3).map((op): TfliteOperator => {
    const codeIndex = u32(op, 0, 0);
    if (codeIndex >= opCodes.length) throw new TfliteFormatError(`operator names opcode ${codeIndex} of ${opCodes.length}`);
    if (customCodes[codeIndex]) throw new TfliteFormatError(`custom operator ${customCodes[codeIndex]} is not supported`);
    const optionsType = u8(op, 3, 0);
    const opts = field(op, 4) ? table(bb.__indirect(op + field(op, 4))) : 0;
    return {
      builtin: opCodes[codeIndex]!,
      inputs: ints(op, 1),
      outputs: ints(op, 2),
      optionsType,
      option: (f, kind, fallback) => (!opts ? fallback : kind === 'int32' ? i32(opts, f, fallback) : kind === 'int8' ? i8(opts, f, fallback) : u8(opts, f, fallback)),
      optionVector: (f) => (opts ? ints(opts, f) : []),
    };
  });
  return { version, description: str(root, 3), tensors, inputs: ints(sg, 1), outputs: ints(sg, 2), operators };
}

/** A float32 constant tensor's values (copied: the file's bytes need not be 4-aligned). */
export function floatData(t: TfliteTensor): Float32Array {
  if (t.type !== TENSOR_TYPE.FLOAT32 || !t.data) throw new TfliteFormatError(`tensor ${t.name} is not a float32 constant`);
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== 4 * n) throw new TfliteFormatError(`tensor ${t.name}: ${t.data.length} bytes for shape [${t.shape}]`);
  const out = new Float32Array(n);
  new Uint8Array(out.buffer).set(t.data);
  return out;
}

/** An int32 constant tensor's values. */
export function intData(t: TfliteTensor): number[] {
  if (t.type !== TENSOR_TYPE.INT32 || !t.data) throw new TfliteFormatError(`tensor ${t.name} is not an int32 constant`);
  const dv = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return Array.from({ length: t.data.length / 4 }, (_, i) => dv.getInt32(4 * i, true));
}
