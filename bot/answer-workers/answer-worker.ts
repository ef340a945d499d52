/**
 * One answer worker thread: it holds its own loaded index (the keyword index and the passage offsets) and
 * risk examples, and finds answers for redacted questions the server thread sends it. The sentence encoder
 * and the vector graphs are the vector thread's, held once for every worker (vector-thread.ts). Nothing
 * here sees a question before redaction.
 */

import { BroadcastChannel, threadId, workerData } from "node:worker_threads";
import { asCodedError } from "../../foundation/errors.ts";
import { createLogger } from "../../foundation/log.ts";
import { createEmbeddings, embeddingCacheFile } from "../../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import type { KnowledgeIndex } from "../../knowledge/knowledge-index.ts";
import { LiveIndex } from "../../knowledge/live-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import { createLocalFinder } from "../core/answer-finder.ts";
import { isGazetteerPlace, preloadPlaceData } from "../core/safety/personal-names.ts";
import { loadRiskExamples, RiskExampleClassifier } from "../core/safety/risk-examples.ts";
import { loadRiskModel } from "../core/safety/risk-model.ts";
import {
  GENERATION_CHANNEL,
  type WorkerData,
  type WorkerMessage,
  type WorkerReply,
  type WorkerTask,
} from "./protocol.ts";
import { VectorClient } from "./vector-client.ts";

const { config, crashOn } = workerData as WorkerData;
const log = createLogger(config.LOG_LEVEL);
const vectorThread = new VectorClient(log);
// Named as configured (no model is loaded here): an index built with another model is still refused.
const embeddings = vectorThread.embeddings(createEmbeddings(config).modelId);
const cache = new EmbeddingCache(embeddingCacheFile(config));
const riskExamples = await RiskExampleClassifier.build(
  loadRiskExamples(config.RISK_EXAMPLES_FILE),
  embeddings,
  cache,
  loadRiskModel(config.RISK_MODEL_FILE),
).finally(() => cache.close());
const index = await LiveIndex.open(config.INDEX_DIR, embeddings, log, { vectors: vectorThread.vectors });
// Retrieval's place signal reads the gazetteer on every question: load it before the first.
preloadPlaceData();
const finder = createLocalFinder({
  retriever: new Retriever({
    index,
    glossary: Glossary.load(config.GLOSSARY_FILE),
    places: isGazetteerPlace,
  }),
  riskExamples,
});

// Replaced generations are released once no question holds them (at most the one in flight).
let inFlight = 0;
const retired: KnowledgeIndex[] = [];
const releaseRetired = () => {
  if (inFlight === 0) for (const old of retired.splice(0)) old.release();
};
index.onSwitch((_, previous) => {
  retired.push(previous);
  releaseRetired();
});

const channel = new BroadcastChannel(GENERATION_CHANNEL);
channel.unref();
// Before the server switches to a new generation it asks every worker to load it: each loads it while it
// goes on answering from the one it has (the vector thread reads the vectors, once for every worker;
// passages stay on disk), switches when it is whole and says so, and the server switches once all have. A
// question already being answered keeps the generation it started with.
channel.onmessage = (event) => {
  const message = (event as { data: WorkerMessage }).data;
  if (message.kind === "prepare") {
    // Replied to even when loading failed (logged): the server must not wait for a generation that cannot load.
    void index.refresh().finally(() => {
      const loaded: WorkerMessage = { kind: "loaded", generation: message.generation, worker: threadId };
      channel.postMessage(loaded);
    });
  }
  if (message.kind === "switch" && message.generation !== index.generation) void index.refresh();
};
channel.postMessage({ kind: "ready", generation: index.generation } satisfies WorkerMessage);

/** Answers one task; failures come back as a code and a sentence, since an Error loses both crossing threads. */
export default async function answer(task: WorkerTask): Promise<WorkerReply> {
  // Test-only (see protocol.ts): end this thread the way a native crash would, with the question in flight.
  if (crashOn !== undefined && task.question.includes(crashOn)) process.exit(70);
  inFlight += 1;
  try {
    // The server had this generation in service when the question came: answer from it or a newer one, so
    // no question is answered from a generation the server has already replaced. The server switches only
    // once every worker has loaded the new generation (or after a time-out), so this waits only for a
    // worker that missed the preparation (one started meanwhile); while this worker is loading it, the
    // previous generation answers until the new one is whole.
    if (task.generation !== index.generation && !index.loadingNext) await index.refresh();
    const findings = await finder.find(task.question, { area: task.area, limit: task.limit });
    return { ok: true, findings };
  } catch (error) {
    const coded = asCodedError(error);
    log.error("answer_worker.failed", { code: coded.code, error: coded });
    return { ok: false, code: coded.code, message: coded.userMessage };
  } finally {
    inFlight -= 1;
    releaseRetired();
  }
}
