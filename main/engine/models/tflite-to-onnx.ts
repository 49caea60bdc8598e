// Converts a float32 TFLite convolutional network (MobileFaceNet's op set) into an ONNX model that
// onnxruntime runs. The activations stay NCHW in the ONNX graph (the engine feeds planar tensors):
// weights are transposed once here, per-channel constants become [C,1,1]. Ops outside the set
// below are refused by name, never approximated. TF-slim's PReLU, lowered by TOCO into
// relu(x) + c·(x − |x|), becomes one PRelu with slope 2c — the same value for every x, bit for bit
// (doubling is exact in float32). The model is written with onnx-proto's protobufjs encoder.
import onnxProto from 'onnx-proto';
import { ACTIVATION, BUILTIN, floatData, intData, readTflite, TENSOR_TYPE, TfliteFormatError, type TfliteGraph, type TfliteOperator, type TfliteTensor } from './tflite.js';

const { onnx } = onnxProto;

/** schema.fbs `BuiltinOperator` ABS (not in the reader's shared table: only this converter needs it). */
const ABS = 101;
/** schema.fbs `Padding`. */
const PADDING_SAME = 0;

export interface ConvertOptions {
  /** Name of the ONNX graph's input (planar float32, [N, C, H, W]). */
  inputName: string;
  /** Name of the ONNX graph's output. */
  outputName: string;
  /** Recorded in the model's producer fields. */
  producer: string;
  docString: string;
}

export interface ConvertReport {
  bytes: Uint8Array;
  /** ONNX op type → count, for the install log and the tests. */
  ops: Record<string, number>;
  inputShape: number[];
  outputShape: number[];
}

type NodeSpec = { op: string; inputs: string[]; outputs: string[]; attrs?: Record<string, number | number[]> };

export function tfliteToOnnx(tfliteBytes: Uint8Array, opts: ConvertOptions): ConvertReport {
  const g = readTflite(tfliteBytes);
  if (g.inputs.length !== 1 || g.outputs.length !== 1) throw new TfliteFormatError(`expected one input and one output, found ${g.inputs.length} and ${g.outputs.length}`);
  const input = g.tensors[g.inputs[0]!]!;
  const output = g.tensors[g.outputs[0]!]!;
  if (input.shape.length !== 4 || input.type !== TENSOR_TYPE.FLOAT32) throw new TfliteFormatError(`input ${input.name}: expected a float32 NHWC tensor, got type ${input.type} shape [${input.shape}]`);

  const nodes: NodeSpec[] = [];
  const initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  const ops: Record<string, number> = {};
  const names = new Map<number, string>([[input.index, opts.inputName]]);
  let counter = 0;
  const fresh = (hint: string) => `${hint}_${counter++}`;
  const emit = (n: NodeSpec) => {
    nodes.push(n);
    ops[n.op] = (ops[n.op] ?? 0) + 1;
  };
  const constant = (hint: string, dims: number[], values: Float32Array | BigInt64Array): string => {
    const name = fresh(hint);
    const isFloat = values instanceof Float32Array;
    initializers.push(onnx.TensorProto.create({
      name,
      dims,
      dataType: isFloat ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
    }));
    return name;
  };
  const tensor = (i: number) => {
    const t = g.tensors[i];
    if (!t) throw new TfliteFormatError(`operator names tensor ${i} of ${g.tensors.length}`);
    return t;
  };
  const activation = (i: number): string => {
    const n = names.get(i);
    if (!n) throw new TfliteFormatError(`tensor ${tensor(i).name} is used before it is computed`);
    return n;
  };
  /** An operand: an activation, or a constant laid out for NCHW broadcasting ([C] → [C,1,1]). */
  const operand = (i: number): string => {
    const t = tensor(i);
    if (!t.data) return activation(i);
    const v = floatData(t);
    if (t.shape.length <= 1) return constant('const', t.shape.length === 1 && t.shape[0]! > 1 ? [t.shape[0]!, 1, 1] : t.shape, v);
    throw new TfliteFormatError(`constant ${t.name} of shape [${t.shape}] as an elementwise operand is not supported`);
  };
  const out = (op: TfliteOperator, hint: string): string => {
    if (op.outputs.length !== 1) throw new TfliteFormatError(`${hint}: expected one output`);
    const t = tensor(op.outputs[0]!);
    const name = t.index === output.index ? opts.outputName : fresh(hint);
    names.set(t.index, name);
    return name;
  };
  /** Applies a fused activation to the node just emitted: it now writes a temporary, the activation `finalName`. */
  const fused = (code: number, finalName: string): void => {
    if (code === ACTIVATION.NONE) return;
    const pre = fresh('prefused');
    const last = nodes[nodes.length - 1]!;
    last.outputs = [pre];
    if (code === ACTIVATION.RELU) emit({ op: 'Relu', inputs: [pre], outputs: [finalName] });
    else if (code === ACTIVATION.RELU6) emit({ op: 'Clip', inputs: [pre, constant('min', [], Float32Array.of(0)), constant('max', [], Float32Array.of(6))], outputs: [finalName] });
    else throw new TfliteFormatError(`fused activation ${code} is not supported`);
  };
  const samePads = (inH: number, inW: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number): number[] => {
    const one = (n: number, k: number, s: number, d: number) => {
      const outN = Math.ceil(n / s);
      const total = Math.max((outN - 1) * s + (k - 1) * d + 1 - n, 0);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    };
    const [t, b] = one(inH, kh, sh, dh), [l, r] = one(inW, kw, sw, dw);
    return [t!, l!, b!, r!];
  };

  // Consumers of each tensor, for the PReLU pattern (its inner values must have no other reader).
  const readers = new Map<number, number>();
  for (const op of g.operators) for (const i of op.inputs) if (i >= 0) readers.set(i, (readers.get(i) ?? 0) + 1);
  const producer = new Map<number, TfliteOperator>();
  for (const op of g.operators) for (const o of op.outputs) producer.set(o, op);
  const prelu = matchPRelu(g, producer, readers);
  const folded = new Set<TfliteOperator>([...prelu.values()].flatMap((m) => m.folded));

  for (const op of g.operators) {
    if (folded.has(op)) continue;
    switch (op.builtin) {
      case BUILTIN.CONV_2D:
      case BUILTIN.DEPTHWISE_CONV_2D: {
        const depthwise = op.builtin === BUILTIN.DEPTHWISE_CONV_2D;
        const x = tensor(op.inputs[0]!), w = tensor(op.inputs[1]!);
        const [, inH, inW, inC] = x.shape as [number, number, number, number];
        const wv = floatData(w);
        let weights: Float32Array, dims: number[], group: number;
        if (!depthwise) {
          const [o, kh, kw, i] = w.shape as [number, number, number, number];
          if (i !== inC) throw new TfliteFormatError(`${w.name}: ${i} input channels for a ${inC}-channel input`);
          weights = transpose4(wv, [o, kh, kw, i], [0, 3, 1, 2]); // OHWI → OIHW
          dims = [o, i, kh, kw];
          group = 1;
        } else {
          const [one, kh, kw, oc] = w.shape as [number, number, number, number];
          const mult = op.option(3, 'int32', 1);
          if (one !== 1 || oc !== inC * mult) throw new TfliteFormatError(`${w.name}: depthwise filter [${w.shape}] for ${inC} channels × ${mult}`);
          weights = transpose4(wv, [1, kh, kw, oc], [3, 0, 1, 2]); // 1HWC → C1HW
          dims = [oc, 1, kh, kw];
          group = inC;
        }
        const kh = dims[2]!, kw = dims[3]!;
        const sw = op.option(1, 'int32', 1), sh = op.option(2, 'int32', 1);
        const dwf = op.option(depthwise ? 5 : 4, 'int32', 1), dhf = op.option(depthwise ? 6 : 5, 'int32', 1);
        const padding = op.option(0, 'int8', PADDING_SAME);
        const pads = padding === PADDING_SAME ? samePads(inH, inW, kh, kw, sh, sw, dhf, dwf) : [0, 0, 0, 0];
        const inputs = [activation(x.index), constant('W', dims, weights)];
        const bias = op.inputs[2];
        if (bias !== undefined && bias >= 0) inputs.push(constant('B', [dims[0]!], floatData(tensor(bias))));
        const name = out(op, depthwise ? 'dwconv' : 'conv');
        emit({ op: 'Conv', inputs, outputs: [name], attrs: { kernel_shape: [kh, kw], strides: [sh, sw], dilations: [dhf, dwf], pads, group } });
        fused(op.option(depthwise ? 4 : 3, 'int8', ACTIVATION.NONE), name);
        break;
      }
      case BUILTIN.ADD:
      case BUILTIN.SUB:
      case BUILTIN.MUL: {
        const p = prelu.get(op);
        if (p) {
          const name = out(op, 'prelu');
          emit({ op: 'PRelu', inputs: [activation(p.x), constant('slope', [p.slope.length, 1, 1], p.slope)], outputs: [name] });
          break;
        }
        const kind = op.builtin === BUILTIN.ADD ? 'Add' : op.builtin === BUILTIN.SUB ? 'Sub' : 'Mul';
        const inputs = [operand(op.inputs[0]!), operand(op.inputs[1]!)];
        const name = out(op, kind.toLowerCase());
        emit({ op: kind, inputs, outputs: [name] });
        fused(op.option(0, 'int8', ACTIVATION.NONE), name);
        break;
      }
      case BUILTIN.RELU:
        emit({ op: 'Relu', inputs: [activation(op.inputs[0]!)], outputs: [out(op, 'relu')] });
        break;
      case ABS:
        emit({ op: 'Abs', inputs: [activation(op.inputs[0]!)], outputs: [out(op, 'abs')] });
        break;
      case BUILTIN.RESHAPE: {
        // Only the embedding head's [N,1,1,C] → [N,C]: the same values in NCHW as in NHWC.
        const x = tensor(op.inputs[0]!), y = tensor(op.outputs[0]!);
        if (x.shape.length !== 4 || x.shape[1] !== 1 || x.shape[2] !== 1 || y.shape.length !== 2 || y.shape[1] !== x.shape[3]) {
          throw new TfliteFormatError(`reshape [${x.shape}] → [${y.shape}] is not supported (only [N,1,1,C] → [N,C])`);
        }
        if (op.inputs[1] !== undefined && op.inputs[1] >= 0) void intData(tensor(op.inputs[1]));
        emit({ op: 'Flatten', inputs: [activation(x.index)], outputs: [out(op, 'flatten')], attrs: { axis: 1 } });
        break;
      }
      default:
        throw new TfliteFormatError(`TFLite builtin operator ${op.builtin} is not supported by this converter`);
    }
  }
  if (!names.has(output.index)) throw new TfliteFormatError(`the graph output ${output.name} is never computed`);

  const [, h, w, c] = input.shape as [number, number, number, number];
  const valueInfo = (name: string, dims: (number | string)[]) => onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) }),
      }),
    }),
  });
  const outDims = output.shape.slice(1);
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: opts.producer,
    producerVersion: '1',
    docString: opts.docString,
    opsetImport: [{ domain: '', version: 13 }],
    graph: onnx.GraphProto.create({
      name: 'mobilefacenet',
      node: nodes.map((n, i) => onnx.NodeProto.create({
        name: `${n.op}_${i}`,
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([name, v]) => (Array.isArray(v)
          ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
          : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: v }))),
      })),
      initializer: initializers,
      input: [valueInfo(opts.inputName, ['N', c, h, w])],
      output: [valueInfo(opts.outputName, ['N', ...outDims])],
    }),
  });
  return { bytes: onnx.ModelProto.encode(model).finish(), ops, inputShape: [1, c, h, w], outputShape: [1, ...outDims] };
}

interface PReluMatch {
  /** The PReLU's input tensor. */
  x: number;
  slope: Float32Array;
  /** The RELU, ABS, SUB and MUL folded into the PRelu (the ADD is the one matched). */
  folded: TfliteOperator[];
}

/** ADD(RELU(x), MUL(c, SUB(x, ABS(x)))) with a per-channel constant c and no other readers inside. */
function matchPRelu(g: TfliteGraph, producer: Map<number, TfliteOperator>, readers: Map<number, number>): Map<TfliteOperator, PReluMatch> {
  const found = new Map<TfliteOperator, PReluMatch>();
  const only = (i: number) => readers.get(i) === 1;
  const by = (i: number, code: number) => {
    const p = producer.get(i);
    return p && p.builtin === code && p.option(0, 'int8', ACTIVATION.NONE) === ACTIVATION.NONE ? p : undefined;
  };
  for (const add of g.operators) {
    if (add.builtin !== BUILTIN.ADD || add.inputs.length !== 2 || add.option(0, 'int8', ACTIVATION.NONE) !== ACTIVATION.NONE) continue;
    for (const [a, b] of [[add.inputs[0]!, add.inputs[1]!], [add.inputs[1]!, add.inputs[0]!]] as const) {
      const relu = producer.get(a);
      const mul = by(b, BUILTIN.MUL);
      if (!relu || relu.builtin !== BUILTIN.RELU || !mul || !only(a) || !only(b)) continue;
      const x = relu.inputs[0]!;
      const [m0, m1] = mul.inputs as [number, number];
      const cIdx = g.tensors[m0]?.data ? m0 : g.tensors[m1]?.data ? m1 : -1;
      const subOut = cIdx === m0 ? m1 : m0;
      const sub = by(subOut, BUILTIN.SUB);
      if (cIdx < 0 || !sub || !only(subOut) || sub.inputs[0] !== x) continue;
      const absOut = sub.inputs[1]!;
      const abs = producer.get(absOut);
      if (!abs || abs.builtin !== ABS || abs.inputs[0] !== x || !only(absOut)) continue;
      const c: TfliteTensor = g.tensors[cIdx]!;
      const channels = g.tensors[x]!.shape[3];
      if (c.shape.length !== 1 || c.shape[0] !== channels) continue;
      const slope = floatData(c).map((v) => 2 * v);
      found.set(add, { x, slope, folded: [relu, mul, sub, abs] });
      break;
    }
  }
  return found;
}

/** Permutes a dense 4-D array: out[perm-order] = in. `perm[k]` is the input axis of output axis k. */
export function transpose4(v: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const out = new Float32Array(v.length);
  const outShape = perm.map((p) => shape[p]!);
  const inStride = [shape[1]! * shape[2]! * shape[3]!, shape[2]! * shape[3]!, shape[3]!, 1];
  const s = perm.map((p) => inStride[p]!);
  let k = 0;
  for (let a = 0; a < outShape[0]!; a++)
    for (let b = 0; b < outShape[1]!; b++)
      for (let c = 0; c < outShape[2]!; c++)
        for (let d = 0; d < outShape[3]!; d++) out[k++] = v[a * s[0]! + b * s[1]! + c * s[2]! + d * s[3]!]!;
  return out;
}
