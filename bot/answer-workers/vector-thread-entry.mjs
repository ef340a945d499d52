/**
 * The file piscina starts in the vector thread: like worker-entry.mjs, it registers tsx for its own thread
 * (Node 20 does not carry tsx's loader into worker threads) and then loads the TypeScript module.
 */
import { register } from "tsx/esm/api";

register();
const { default: connect } = await import("./vector-thread.ts");
export default connect;
