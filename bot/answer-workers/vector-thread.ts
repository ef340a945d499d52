/**
 * The server's one vector thread: it holds the sentence encoder (about 113 MB with TensorFlow.js) and each
 * generation's vector graph (about 220 MB at 100,000 passages) once, for every answer worker, which asks it
 * to embed a text and to search a generation over a MessagePort of its own. Adding an answer worker then
 * adds only its keyword index, rerank and compose memory. Only redacted text reaches it, as in the workers.
 */

import { type MessagePort, workerData } from "node:worker_threads";
import type { HierarchicalNSW } from "hnswlib-node";
import { asCodedError } from "../../foundation/errors.ts";
import { createLogger } from "../../foundation/log.ts";
import { createEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import { readVectors } from "../../knowledge/index-store.ts";
import { releaseGraph, searchGraph } from "../../knowledge/vector-search.ts";
import type { VectorReply, VectorRequest, VectorThreadData } from "./vector-protocol.ts";

const { config, crashOn } = workerData as VectorThreadData;
const log = createLogger(config.LOG_LEVEL);
const embeddings = createEmbeddings(config);
// The encoder's first call builds its graph; do it now rather than on the first practitioner's question.
await embeddings.embedQuery("warm up");

/** The graphs loaded, by generation folder, with the answer workers' ports that hold each. */
const generations = new Map<string, { graph: Promise<HierarchicalNSW>; holders: Set<MessagePort> }>();

/** Holds a generation for a worker, loading its graph when no worker had it (off the thread: hnswlib's reader). */
function hold(generation: string, port: MessagePort): Promise<HierarchicalNSW> {
  let entry = generations.get(generation);
  if (!entry) {
    const graph = readVectors(generation);
    entry = { graph, holders: new Set() };
    generations.set(generation, entry);
    // A generation that cannot be read is forgotten, so a later request reads it again and says why.
    graph.catch(() => generations.delete(generation));
  }
  entry.holders.add(port);
  return entry.graph;
}

/** Lets go of a generation for a worker; its graph is freed once no worker holds it. */
function release(generation: string, port: MessagePort): void {
  const entry = generations.get(generation);
  if (!entry?.holders.delete(port) || entry.holders.size > 0) return;
  generations.delete(generation);
  entry.graph.then(releaseGraph, () => undefined);
  log.info("vector_thread.released", { generation });
}

async function handle(request: Exclude<VectorRequest, { kind: "release" }>, port: MessagePort) {
  switch (request.kind) {
    case "embed-query":
      if (crashOn !== undefined && request.text.includes(crashOn)) process.exit(70);
      return embeddings.embedQuery(request.text);
    case "embed-documents":
      return embeddings.embedDocuments(request.texts);
    case "open":
      await hold(request.generation, port);
      return null;
    case "search": {
      const graph = await hold(request.generation, port);
      return searchGraph(graph, request.vector, request.k, request.alsoScore);
    }
  }
}

/** Piscina's one task here: connect an answer worker's port, which then carries its requests until it closes. */
export default function connect({ port }: { port: MessagePort }): void {
  port.on("message", (request: VectorRequest) => {
    if (request.kind === "release") {
      release(request.generation, port);
      return;
    }
    handle(request, port).then(
      (value) => port.postMessage({ id: request.id, ok: true, value } satisfies VectorReply),
      (error: unknown) => {
        const coded = asCodedError(error);
        log.error("vector_thread.failed", { kind: request.kind, code: coded.code, error: coded });
        port.postMessage({
          id: request.id,
          ok: false,
          code: coded.code,
          message: coded.userMessage,
        } satisfies VectorReply);
      },
    );
  });
  // The worker ended (replaced after a crash, or the pool closing): what it held is let go.
  port.on("close", () => {
    for (const generation of [...generations.keys()]) release(generation, port);
  });
}
