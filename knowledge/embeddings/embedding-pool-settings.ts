import { availableCores } from "../../foundation/available-cores.ts";

/**
 * Passages per forward pass of the local model: larger batches gain little on 2 cores and hold more memory.
 * Also the unit handed to an embedding worker.
 */
export const LOCAL_EMBEDDING_BATCH = 16;

/**
 * The most embedding workers by default. Each holds its own TensorFlow.js runtime and model (peak RSS over
 * the shared corpus 903 MB with two workers against 686 MB in one thread), and 2 is all that was measured
 * (`npm run bench:ingest`, 2 cores, README "Ingest speed").
 */
const MAX_DEFAULT_EMBED_WORKERS = 4;

/** One embedding worker per available core (the container's quota, if any), up to the cap above. */
export const DEFAULT_EMBED_WORKERS = Math.min(MAX_DEFAULT_EMBED_WORKERS, availableCores());

/**
 * The embedding workers start once this many passages wait, and fewer in all are embedded in the ingest's
 * own thread: a worker pays for starting a thread, registering tsx and loading the model before its first
 * passage, which only pays off once each worker has at least a batch to embed in parallel with the others.
 */
export const MIN_PASSAGES_FOR_WORKERS = 2 * LOCAL_EMBEDDING_BATCH;

/** How much lower than the ingest's own thread embedding workers run, so a server beside them answers first. */
export const WORKER_NICE_INCREMENT = 10;
