/**
 * The file piscina starts in each embedding worker thread. Node 20 does not carry tsx's loader into worker
 * threads, so this plain module registers it for its own thread and then loads the TypeScript worker (as
 * bot/answer-workers/worker-entry.mjs does for the answer workers).
 */
import { register } from "tsx/esm/api";

register();
const { default: embed } = await import("./embedding-worker.ts");
export default embed;
