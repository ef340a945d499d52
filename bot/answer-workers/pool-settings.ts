import { availableCores } from "../../foundation/available-cores.ts";

/**
 * One answer worker per core. Answering is CPU work (the sentence encoder, BM25, rerank, composing) and the
 * server's own thread mostly waits on sockets, so a worker per core keeps every core answering while the
 * operating system still gives the server thread its slices to acknowledge Slack and serve /healthz.
 * More workers than cores only adds memory (each holds its keyword index; the encoder and vectors are
 * the one vector thread's) and switching.
 * Measured on 2 cores with `npm run bench:load` (README, Under load). "Cores" is the container's CPU quota
 * when one is set (foundation/available-cores.ts), not the host's CPU count.
 */
export const DEFAULT_ANSWER_WORKERS = availableCores();

/**
 * The young generation of each worker thread's heap (answer workers and the vector thread), in MB. V8 gave
 * each thread 34 MB of it, nearly all of it reserved whatever a question allocates; 8 MB holds an answer's
 * short-lived objects. Measured at 100,000 passages (`npm run bench:large`, README, Large index): the new
 * space of each thread 34 → 8 MB, the server's RSS after 40 questions 1,066 → 986 MB, and the server's CPU
 * per question no higher (122 against 128 ms on the shared machine).
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * Questions waiting for a worker before more are refused with 503 and Retry-After. One answer over the
 * shared corpus takes 45–110 ms of one core, so 32 waiting questions on 2 workers is about 1.5–2 s of
 * waiting at worst: still an answer within Slack's and a practitioner's patience, where a longer queue
 * would only make every answer late instead of refusing the few that cannot be answered in time.
 */
export const DEFAULT_ANSWER_QUEUE = 32;

/** What a refused question's Retry-After says: about the time the queue above takes to drain. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/**
 * How long the server waits for every worker to load a new generation before it switches to it anyway. A
 * generation of 100,000 passages loads in a few seconds per worker; a worker that cannot load it at all
 * (a damaged build, a worker being replaced) must not keep the server from ever switching: it loads the
 * generation on the switch announcement or on its next question, as before preparing existed.
 */
export const PREPARE_TIMEOUT_MS = 120_000;
