// ONNX Runtime's CPU PRelu is a plain element-wise loop that runs outside the blocked (NCHWc)
// layout its convolutions use, so every PRelu also pays two layout reorders: in the feature model
// (33 PRelu after 50 convolutions) they took half of each run. This rewrite replaces every PRelu
// whose slope is a per-channel constant ([C,1,1]) by
//     PRelu(y, s) = Relu(y) + BatchNorm(Relu(BatchNorm(y, scale −1)), scale −s)
// (BatchNorm with mean 0, variance 1, epsilon 0, bias 0: a per-channel multiply), which the runtime
// keeps in its blocked layout. It is bit-identical: for y > 0 the second term is ±0; for y < 0 the
// first is 0 and the second is (−s)·(−y) = s·y, one rounding, as PRelu's s·y. Everything else in the
// file is copied byte for byte; a model it does not understand is returned unchanged.
import { fieldString, MessageWriter, readFields, readPackedVarints, WIRE, type WireField } from './protobuf-wire.js';

// Field numbers from onnx.proto.
const MODEL = { opsetImport: 8, graph: 7 } as const;
const OPSET = { domain: 1, version: 2 } as const;
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { name: 1, f: 2, type: 20 } as const;
const ATTRIBUTE_FLOAT = 1;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9, dataLocation: 14 } as const;
const TENSOR_FLOAT = 1;
const VALUE_INFO_NAME = 1;
/** BatchNormalization as a per-channel multiply needs its opset-7+ form (no is_test, spatial by default). */
const MIN_OPSET = 9;

export interface PReluRewrite {
  bytes: Uint8Array;
  /** PRelu nodes replaced (0: the model is returned as it was). */
  rewritten: number;
}

interface Node {
  name: string;
  inputs: string[];
  outputs: string[];
  opType: string;
  domain: string;
  attributes: number;
}

function parseNode(payload: Uint8Array): Node {
  const n: Node = { name: '', inputs: [], outputs: [], opType: '', domain: '', attributes: 0 };
  for (const f of readFields(payload)) {
    if (f.field === NODE.input && f.wire === WIRE.bytes) n.inputs.push(fieldString(f));
    else if (f.field === NODE.output && f.wire === WIRE.bytes) n.outputs.push(fieldString(f));
    else if (f.field === NODE.name && f.wire === WIRE.bytes) n.name = fieldString(f);
    else if (f.field === NODE.opType && f.wire === WIRE.bytes) n.opType = fieldString(f);
    else if (f.field === NODE.domain && f.wire === WIRE.bytes) n.domain = fieldString(f);
    else if (f.field === NODE.attribute) n.attributes++;
  }
  return n;
}

/** A tensor's name and shape, and its values when they are float32 stored in the file (decoded on demand). */
function parseTensor(payload: Uint8Array): { name: string; dims: number[]; values: () => Float32Array | null } {
  let name = '', dataType = 0, external = false;
  const dims: number[] = [];
  let raw: Uint8Array | null = null;
  const floatFields: WireField[] = [];
  for (const f of readFields(payload)) {
    if (f.field === TENSOR.name && f.wire === WIRE.bytes) name = fieldString(f);
    else if (f.field === TENSOR.dataType && f.wire === WIRE.varint) dataType = f.value;
    else if (f.field === TENSOR.dataLocation && f.wire === WIRE.varint) external = f.value === 1;
    else if (f.field === TENSOR.dims && f.wire === WIRE.varint) dims.push(f.value);
    else if (f.field === TENSOR.dims && f.wire === WIRE.bytes) dims.push(...readPackedVarints(f.payload));
    else if (f.field === TENSOR.rawData && f.wire === WIRE.bytes) raw = f.payload;
    else if (f.field === TENSOR.floatData) floatFields.push(f);
  }
  const values = (): Float32Array | null => {
    if (dataType !== TENSOR_FLOAT || external) return null;
    const count = dims.reduce((a, b) => a * b, 1);
    const floats: number[] = [];
    if (raw) for (let i = 0; i + 4 <= raw.length; i += 4) floats.push(floatAt(raw, i));
    for (const f of floatFields) {
      if (f.wire === WIRE.bytes) for (let i = 0; i + 4 <= f.payload.length; i += 4) floats.push(floatAt(f.payload, i));
      else if (f.wire === WIRE.fixed32) floats.push(floatAt(payload, f.end - 4));
    }
    return floats.length === count ? Float32Array.from(floats) : null;
  };
  return { name, dims, values };
}

const floatAt = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset + at, 4).getFloat32(0, true);

function defaultOpset(model: WireField[]): number {
  for (const f of model) {
    if (f.field !== MODEL.opsetImport || f.wire !== WIRE.bytes) continue;
    let domain = '', version = 0;
    for (const g of readFields(f.payload)) {
      if (g.field === OPSET.domain && g.wire === WIRE.bytes) domain = fieldString(g);
      else if (g.field === OPSET.version && g.wire === WIRE.varint) version = g.value;
    }
    if (domain === '' || domain === 'ai.onnx') return version;
  }
  return 0;
}

function nodeBytes(opType: string, name: string, inputs: string[], outputs: string[], epsilon?: number): Uint8Array {
  const w = new MessageWriter();
  for (const i of inputs) w.string(NODE.input, i);
  for (const o of outputs) w.string(NODE.output, o);
  w.string(NODE.name, name).string(NODE.opType, opType);
  if (epsilon !== undefined) w.bytes(NODE.attribute, new MessageWriter().string(ATTRIBUTE.name, 'epsilon').float(ATTRIBUTE.f, epsilon).uint(ATTRIBUTE.type, ATTRIBUTE_FLOAT).finish());
  return w.finish();
}

function floatTensorBytes(name: string, values: Float32Array): Uint8Array {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new MessageWriter().uint(TENSOR.dims, values.length).uint(TENSOR.dataType, TENSOR_FLOAT).string(TENSOR.name, name).bytes(TENSOR.rawData, raw).finish();
}

/** Replaces per-channel-slope PRelu nodes (see the file's head). Throws WireFormatError on a malformed file. */
export function rewritePRelu(model: Uint8Array): PReluRewrite {
  const top = readFields(model);
  const graph = top.find((f) => f.field === MODEL.graph && f.wire === WIRE.bytes);
  if (!graph || defaultOpset(top) < MIN_OPSET) return { bytes: model, rewritten: 0 };
  const fields = readFields(graph.payload);

  const initializers = new Map<string, ReturnType<typeof parseTensor>>();
  const names = new Set<string>();
  const graphIo = new Set<string>();
  const nodes = new Map<WireField, Node>();
  for (const f of fields) {
    if (f.wire !== WIRE.bytes) continue;
    if (f.field === GRAPH.initializer) {
      const t = parseTensor(f.payload);
      initializers.set(t.name, t);
      names.add(t.name);
    } else if (f.field === GRAPH.node) {
      const n = parseNode(f.payload);
      nodes.set(f, n);
      for (const x of [n.name, ...n.inputs, ...n.outputs]) names.add(x);
    } else if (f.field === GRAPH.input || f.field === GRAPH.output) {
      for (const g of readFields(f.payload)) if (g.field === VALUE_INFO_NAME && g.wire === WIRE.bytes) graphIo.add(fieldString(g));
    }
  }
  let prefix = 'sophonmatch_prelu';
  while ([...names].some((n) => n.startsWith(prefix))) prefix += '_';

  const producer = new Map<string, Node>();
  for (const n of nodes.values()) for (const o of n.outputs) producer.set(o, n);
  const isDefaultDomain = (n: Node) => n.domain === '' || n.domain === 'ai.onnx';
  // Only where the slope is known to be per channel: a [C,1,1] constant after a 2-D convolution with
  // C output channels (so the input is N×C×H×W and BatchNormalization's channel axis is the slope's).
  const channelSlope = (n: Node): Float32Array | null => {
    if (n.opType !== 'PRelu' || !isDefaultDomain(n) || n.inputs.length !== 2 || n.outputs.length !== 1 || n.attributes) return null;
    const t = initializers.get(n.inputs[1]!);
    if (!t || t.dims.length !== 3 || t.dims[1] !== 1 || t.dims[2] !== 1 || t.dims[0]! < 1) return null;
    const conv = producer.get(n.inputs[0]!);
    const weight = conv?.opType === 'Conv' && isDefaultDomain(conv) ? initializers.get(conv.inputs[1] ?? '') : undefined;
    if (!weight || weight.dims.length !== 4 || weight.dims[0] !== t.dims[0]) return null;
    return t.values();
  };

  const replacement = new Map<WireField, Uint8Array[]>();
  const added: Uint8Array[] = [];
  const constants = new Map<string, string>();
  const constant = (kind: string, c: number, value: number): string => {
    const key = `${kind}_${c}`;
    let name = constants.get(key);
    if (!name) {
      name = `${prefix}_${key}`;
      constants.set(key, name);
      added.push(floatTensorBytes(name, new Float32Array(c).fill(value)));
    }
    return name;
  };
  for (const [f, n] of nodes) {
    const slope = channelSlope(n);
    if (!slope) continue;
    const k = replacement.size, c = slope.length, p = `${prefix}_${k}`;
    const [y] = n.inputs as [string], [out] = n.outputs as [string];
    const zeros = constant('zeros', c, 0), ones = constant('ones', c, 1), negOnes = constant('neg_ones', c, -1);
    const negSlope = `${p}_neg_slope`;
    added.push(floatTensorBytes(negSlope, slope.map((s) => -s)));
    replacement.set(f, [
      nodeBytes('Relu', `${p}_pos`, [y], [`${p}_pos`]),
      nodeBytes('BatchNormalization', `${p}_neg`, [y, negOnes, zeros, zeros, ones], [`${p}_neg`], 0),
      nodeBytes('Relu', `${p}_neg_relu`, [`${p}_neg`], [`${p}_neg_relu`]),
      nodeBytes('BatchNormalization', `${p}_neg_part`, [`${p}_neg_relu`, negSlope, zeros, zeros, ones], [`${p}_neg_part`], 0),
      nodeBytes('Add', `${p}_sum`, [`${p}_pos`, `${p}_neg_part`], [out]),
    ]);
  }
  if (replacement.size === 0) return { bytes: model, rewritten: 0 };

  // Slopes no remaining node reads (and that are not graph inputs or outputs) are dropped, so the
  // runtime has no unused initializer to warn about — unless a node carries a subgraph, whose reads
  // of outer names this walk does not see.
  const hasSubgraphs = [...nodes.values()].some((n) => ['If', 'Loop', 'Scan'].includes(n.opType));
  const stillRead = new Set<string>(graphIo);
  for (const [f, n] of nodes) if (!replacement.has(f)) for (const i of n.inputs) stillRead.add(i);
  const dropped = new Set<string>();
  for (const [f, n] of nodes) if (replacement.has(f) && !stillRead.has(n.inputs[1]!) && !hasSubgraphs) dropped.add(n.inputs[1]!);

  const g = new MessageWriter();
  for (const f of fields) {
    const r = replacement.get(f);
    if (r) for (const b of r) g.bytes(GRAPH.node, b);
    else if (f.field === GRAPH.initializer && f.wire === WIRE.bytes && dropped.has(parseTensor(f.payload).name)) continue;
    else g.raw(graph.payload.subarray(f.start, f.end));
  }
  for (const t of added) g.bytes(GRAPH.initializer, t);

  const m = new MessageWriter();
  for (const f of top) {
    if (f === graph) m.bytes(MODEL.graph, g.finish());
    else m.raw(model.subarray(f.start, f.end));
  }
  return { bytes: m.finish(), rewritten: replacement.size };
}
