import * as core from "@energetic-ai/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  registerWasmSplitKernel,
  type TfjsKernels,
} from "../../../knowledge/embeddings/wasm-split-kernel.ts";

/** The TensorFlow.js calls this test makes (the bundle has no type declarations for them). */
interface Tensor {
  arraySync(): unknown;
  dispose(): void;
}
const tf = core as unknown as TfjsKernels & {
  ready(): Promise<void>;
  getBackend(): string;
  tensor(values: number[], shape: number[], dtype?: string): Tensor;
  split(x: Tensor, sizes: number | number[], axis: number): Tensor[];
};

/** What splitting the row-major array `values` of `shape` along `axis` gives, as nested arrays. */
function expectedParts(values: number[], shape: number[], sizes: number[], axis: number): unknown[] {
  const nest = (flat: number[], dims: number[]): unknown => {
    if (dims.length === 1) return flat;
    const [first = 0, ...rest] = dims;
    const step = flat.length / first;
    return Array.from({ length: first }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
  };
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const along = shape[axis] ?? 0;
  let offset = 0;
  return sizes.map((size) => {
    const part: number[] = [];
    for (let o = 0; o < outer; o++) {
      const start = (o * along + offset) * inner;
      part.push(...values.slice(start, start + size * inner));
    }
    offset += size;
    const partShape = [...shape];
    partShape[axis] = size;
    return nest(part, partShape);
  });
}

describe("registerWasmSplitKernel", () => {
  beforeAll(async () => {
    registerWasmSplitKernel(tf);
    await tf.ready();
  });

  it("runs on the wasm backend, as the sentence encoder does", () => {
    expect(tf.getBackend()).toBe("wasm");
  });

  it.each([
    { shape: [6], sizes: [2, 3, 1], axis: 0 },
    { shape: [4, 6], sizes: [1, 3], axis: 0 },
    { shape: [4, 6], sizes: [2, 2, 2], axis: 1 },
    // The encoder's case: batch × tokens × (query | key | value), split on the last axis.
    { shape: [2, 3, 12], sizes: [4, 4, 4], axis: 2 },
    { shape: [2, 5, 3], sizes: [1, 4], axis: 1 },
    { shape: [2, 3, 2, 4], sizes: [3, 1], axis: 3 },
  ])("splits a $shape tensor into $sizes along axis $axis as slicing would", ({ shape, sizes, axis }) => {
    for (const dtype of ["float32", "int32"]) {
      const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 3 - 7);
      const x = tf.tensor(values, shape, dtype);
      const parts = tf.split(x, sizes, axis);
      expect(parts.map((p) => p.arraySync())).toEqual(expectedParts(values, shape, sizes, axis));
      for (const p of [x, ...parts]) p.dispose();
    }
  });

  it("splits into equal parts given their number", () => {
    const x = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const parts = tf.split(x, 2, 0);
    expect(parts.map((p) => p.arraySync())).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    for (const p of [x, ...parts]) p.dispose();
  });
});
