// ONNX Runtime's CPU PRelu is a plain element-wise loop that runs outside the blocked (NCHWc)
// layout its convolutions use, so every PRelu also pays two layout reorders: in the feature model
// (33 PRelu after 50 convolutions) they took half of each run. This rewrite, run once at install
// (install.ts, manifest `prepare: ["prelu-rewrite"]`), replaces every PRelu whose slope is a
// per-channel constant ([C,1,1]) by
//     PRelu(y, s) = Relu(y) + BatchNorm(Relu(BatchNorm(y, scale −1)), scale −s)
// (BatchNorm with mean 0, variance 1, epsilon 0, bias 0: a per-channel multiply), which the runtime
// keeps in its blocked layout. It is bit-identical: for y > 0 the second term is ±0; for y < 0 the
// first is 0 and the second is (−s)·(−y) = s·y, one rounding, as PRelu's s·y. The model is read and
// written with onnx-proto (protobufjs); everything but the replaced nodes and their slopes is kept.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
// Decoded messages are class instances: their repeated fields are arrays, never absent.
type Tensor = onnxProto.onnx.TensorProto;
type Node = onnxProto.onnx.NodeProto;

/** BatchNormalization as a per-channel multiply needs its opset-7+ form (no is_test, spatial by default). */
const MIN_OPSET = 9;

export interface PReluRewrite {
  bytes: Uint8Array;
  /** PRelu nodes replaced (0: the model is returned as it was). */
  rewritten: number;
}

const isDefaultDomain = (n: { domain?: string | null }) => !n.domain || n.domain === 'ai.onnx';

/** A float32 tensor's values when they are stored in the file. */
function floatValues(t: Tensor): Float32Array | null {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT || t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) return null;
  const count = t.dims.reduce((a: number, b) => a * Number(b), 1);
  const values = t.rawData?.length ? new Float32Array(Uint8Array.from(t.rawData).buffer) : Float32Array.from(t.floatData);
  return values.length === count ? values : null;
}

const floatTensor = (name: string, values: Float32Array) =>
  onnx.TensorProto.create({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer) });

/** Replaces per-channel-slope PRelu nodes (see the file's head). Throws on a file that is not an ONNX model. */
export function rewritePRelu(bytes: Uint8Array): PReluRewrite {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph as onnxProto.onnx.GraphProto | null;
  const opset = model.opsetImport.find(isDefaultDomain);
  if (!graph || !opset || Number(opset.version) < MIN_OPSET) return { bytes, rewritten: 0 };
  const graphNodes = graph.node as Node[], graphInitializers = graph.initializer as Tensor[];

  const initializers = new Map(graphInitializers.map((t) => [t.name, t]));
  const names = new Set([...initializers.keys(), ...graphNodes.flatMap((n) => [n.name, ...n.input, ...n.output])]);
  let prefix = 'sophonmatch_prelu';
  while ([...names].some((n) => n.startsWith(prefix))) prefix += '_';
  const producer = new Map(graphNodes.flatMap((n) => n.output.map((o) => [o, n] as const)));
  // Only where the slope is known to be per channel: a [C,1,1] constant after a 2-D convolution with
  // C output channels (so the input is N×C×H×W and BatchNormalization's channel axis is the slope's).
  const channelSlope = (n: Node): Float32Array | null => {
    if (n.opType !== 'PRelu' || !isDefaultDomain(n) || n.input.length !== 2 || n.output.length !== 1 || n.attribute.length) return null;
    const t = initializers.get(n.input[1]!);
    const dims = t?.dims.map(Number) ?? [];
    if (!t || dims.length !== 3 || dims[1] !== 1 || dims[2] !== 1 || dims[0]! < 1) return null;
    const conv = producer.get(n.input[0]!);
    const weight = conv?.opType === 'Conv' && isDefaultDomain(conv) ? initializers.get(conv.input[1] ?? '') : undefined;
    if (!weight || weight.dims.length !== 4 || Number(weight.dims[0]) !== dims[0]) return null;
    return floatValues(t);
  };

  const added: Tensor[] = [];
  const constants = new Map<string, string>();
  const constant = (kind: string, c: number, value: number): string => {
    const key = `${kind}_${c}`;
    let name = constants.get(key);
    if (!name) {
      name = `${prefix}_${key}`;
      constants.set(key, name);
      added.push(floatTensor(name, new Float32Array(c).fill(value)));
    }
    return name;
  };
  const node = (opType: string, name: string, input: string[], output: string[], epsilon?: number) =>
    onnx.NodeProto.create({
      input, output, name, opType,
      attribute: epsilon === undefined ? [] : [onnx.AttributeProto.create({ name: 'epsilon', f: epsilon, type: onnx.AttributeProto.AttributeType.FLOAT })],
    });
  const replaced = new Set<Node>();
  const nodes = graphNodes.flatMap((n): onnxProto.onnx.INodeProto[] => {
    const slope = channelSlope(n);
    if (!slope) return [n];
    const c = slope.length, p = `${prefix}_${replaced.size}`;
    replaced.add(n);
    const [y] = n.input as [string], [out] = n.output as [string];
    const zeros = constant('zeros', c, 0), ones = constant('ones', c, 1), negOnes = constant('neg_ones', c, -1);
    const negSlope = `${p}_neg_slope`;
    added.push(floatTensor(negSlope, slope.map((s) => -s)));
    return [
      node('Relu', `${p}_pos`, [y], [`${p}_pos`]),
      node('BatchNormalization', `${p}_neg`, [y, negOnes, zeros, zeros, ones], [`${p}_neg`], 0),
      node('Relu', `${p}_neg_relu`, [`${p}_neg`], [`${p}_neg_relu`]),
      node('BatchNormalization', `${p}_neg_part`, [`${p}_neg_relu`, negSlope, zeros, zeros, ones], [`${p}_neg_part`], 0),
      node('Add', `${p}_sum`, [`${p}_pos`, `${p}_neg_part`], [out]),
    ];
  });
  if (replaced.size === 0) return { bytes, rewritten: 0 };

  // Slopes no remaining node reads (and that are not graph inputs or outputs) are dropped, so the
  // runtime has no unused initializer to warn about — unless a node carries a subgraph, whose reads
  // of outer names this walk does not see.
  const hasSubgraphs = graphNodes.some((n) => ['If', 'Loop', 'Scan'].includes(n.opType));
  const stillRead = new Set([...graph.input, ...graph.output].map((v) => v.name ?? ''));
  for (const n of graphNodes) if (!replaced.has(n)) for (const i of n.input) stillRead.add(i);
  const dropped = new Set(hasSubgraphs ? [] : [...replaced].map((n) => n.input[1]!).filter((s) => !stillRead.has(s)));
  graph.node = nodes;
  graph.initializer = [...graphInitializers.filter((t) => !dropped.has(t.name)), ...added];
  return { bytes: onnx.ModelProto.encode(model).finish(), rewritten: replaced.size };
}
