/**
 * A SplitV kernel for TensorFlow.js's WebAssembly backend that copies each part straight out of the wasm
 * heap. The backend's own SplitV (tfjs-backend-wasm 4.x, bundled in @energetic-ai/core) first copies the
 * whole input out of the heap once per part (`readSync`): the sentence encoder splits its query/key/value
 * tensor (16 passages × ~260 tokens × 1536 floats, 26 MB) into three in both layers, so six needless
 * 26 MB copies per batch were 11% of embedding time (and much of its garbage collection). The parts are
 * the same bytes either way, so the vectors are identical.
 */

/**
 * The parts of TensorFlow.js this uses. @energetic-ai/core bundles tfjs-core without its type declarations
 * (its index.d.ts re-exports a package that is not installed), so they are written out here.
 */
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs: Record<string, unknown>;
  backend: unknown;
}
interface KernelConfig {
  kernelName: string;
  backendName: string;
  kernelFunc: (args: KernelArgs) => TensorInfo | TensorInfo[];
}
export interface TfjsKernels {
  getKernel(kernelName: string, backendName: string): KernelConfig | undefined;
  unregisterKernel(kernelName: string, backendName: string): void;
  registerKernel(config: KernelConfig): void;
  util: { parseAxisParam(axis: number | number[], shape: number[]): number[] };
  backend_util: {
    prepareSplitSize(x: TensorInfo, numOrSizeSplits: number | number[], axis: number): number[];
  };
}

/** The parts of the wasm backend this kernel uses (its class is not exported). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(tensor: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const SPLIT_V = "SplitV";
const WASM = "wasm";
/** Once per thread: every LocalEmbeddings in a thread shares its TensorFlow.js. */
let registered = false;

/** Replaces the wasm backend's SplitV with the copying-once version; call before the first embedding. */
export function registerWasmSplitKernel(tf: TfjsKernels): void {
  const original = tf.getKernel(SPLIT_V, WASM);
  if (registered || !original) return;
  registered = true;
  tf.unregisterKernel(SPLIT_V, WASM);
  tf.registerKernel({
    kernelName: SPLIT_V,
    backendName: WASM,
    kernelFunc: (args) => {
      const { inputs, attrs, backend } = args;
      const x = inputs.x as TensorInfo;
      // Strings live outside the heap; the encoder never splits them.
      if (x.dtype === "string") return original.kernelFunc(args);
      const { numOrSizeSplits, axis } = attrs as { numOrSizeSplits: number | number[]; axis: number };
      const wasm = backend as unknown as WasmBackend;
      const splitAxis = tf.util.parseAxisParam(axis, x.shape)[0] ?? 0;
      const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, splitAxis);
      // Each part is a run of rows: `outer` blocks of `size × inner` elements, taken at `offset × inner`
      // within blocks of `x.shape[axis] × inner`.
      const outer = x.shape.slice(0, splitAxis).reduce((a, b) => a * b, 1);
      const inner = x.shape.slice(splitAxis + 1).reduce((a, b) => a * b, 1);
      const stride = (x.shape[splitAxis] ?? 0) * inner;
      let offset = 0;
      return sizes.map((size) => {
        const shape = [...x.shape];
        shape[splitAxis] = size;
        const out = wasm.makeOutput(shape, x.dtype);
        // Views taken after the output is allocated: an allocation that grows the heap detaches older ones.
        const from = wasm.typedArrayFromHeap(x);
        const to = wasm.typedArrayFromHeap(out);
        const run = size * inner;
        for (let block = 0; block < outer; block++) {
          const start = block * stride + offset * inner;
          to.set(from.subarray(start, start + run), block * run);
        }
        offset += size;
        return out;
      });
    },
  });
}
