/**
 * The file piscina starts in each answer worker thread. Node 20 does not carry tsx's loader (`node --import
 * tsx`, `tsx`) into worker threads, so this plain module registers it for its own thread and then loads the
 * TypeScript worker; it works the same whichever way the server was started.
 */
import { register } from "tsx/esm/api";

register();
const { default: answer } = await import("./answer-worker.ts");
export default answer;
