/**
 * One answer worker thread: it holds its own loaded index, sentence encoder and risk examples, and finds
 * answers for redacted questions the server thread sends it. Nothing here sees a question before redaction.
 */

import { BroadcastChannel, workerData } from "node:worker_threads";
import { asCodedError } from "../../foundation/errors.ts";
import { createLogger } from "../../foundation/log.ts";
import { createEmbeddings, embeddingCacheFile } from "../../knowledge/embeddings/create-embeddings.ts";
import { EmbeddingCache } from "../../knowledge/embeddings/embedding-cache.ts";
import { LiveIndex } from "../../knowledge/live-index.ts";
import { Glossary } from "../../knowledge/retrieval/glossary.ts";
import { Retriever } from "../../knowledge/retrieval/retriever.ts";
import { createLocalFinder } from "../core/answer-finder.ts";
import { loadRiskExamples, RiskExampleClassifier } from "../core/safety/risk-examples.ts";
import {
  GENERATION_CHANNEL,
  type WorkerData,
  type WorkerMessage,
  type WorkerReply,
  type WorkerTask,
} from "./protocol.ts";

const { config, crashOn } = workerData as WorkerData;
const log = createLogger(config.LOG_LEVEL);
const embeddings = createEmbeddings(config);
const cache = new EmbeddingCache(embeddingCacheFile(config));
const riskExamples = await RiskExampleClassifier.build(
  loadRiskExamples(config.RISK_EXAMPLES_FILE),
  embeddings,
  cache,
).finally(() => cache.close());
const index = await LiveIndex.open(config.INDEX_DIR, embeddings, log);
const finder = createLocalFinder({
  retriever: new Retriever({ index, glossary: Glossary.load(config.GLOSSARY_FILE) }),
  riskExamples,
});
// The encoder's first call builds its graph; do it now rather than on the first practitioner's question.
await index.current.embed("warm up");

const channel = new BroadcastChannel(GENERATION_CHANNEL);
channel.unref();
// Every worker hears the server announce a new generation and loads it while it goes on answering from the
// one it has (loading reads off the thread and parses a slice per turn); a question already being answered
// keeps the generation it started with, and the old one is dropped once no question holds it.
channel.onmessage = (event) => {
  const message = (event as { data: WorkerMessage }).data;
  if (message.kind === "switch" && message.generation !== index.generation) void index.refresh();
};
channel.postMessage({ kind: "ready", generation: index.generation } satisfies WorkerMessage);

/** Answers one task; failures come back as a code and a sentence, since an Error loses both crossing threads. */
export default async function answer(task: WorkerTask): Promise<WorkerReply> {
  // Test-only (see protocol.ts): end this thread the way a native crash would, with the question in flight.
  if (crashOn !== undefined && task.question.includes(crashOn)) process.exit(70);
  try {
    // The server had this generation in service when the question came: answer from it or a newer one, so
    // no question is answered from a generation the server has already replaced. Except while this worker
    // is loading it (announced by the server): the previous generation answers until the new one is whole,
    // so a swap of a large index stalls no question for the seconds its loading takes.
    if (task.generation !== index.generation && !index.loadingNext) await index.refresh();
    const findings = await finder.find(task.question, { area: task.area, limit: task.limit });
    return { ok: true, findings };
  } catch (error) {
    const coded = asCodedError(error);
    log.error("answer_worker.failed", { code: coded.code, error: coded });
    return { ok: false, code: coded.code, message: coded.userMessage };
  }
}
