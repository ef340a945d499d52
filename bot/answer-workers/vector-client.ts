import { MessageChannel, type MessagePort, parentPort } from "node:worker_threads";
import { CodedError, ErrorCode } from "../../foundation/errors.ts";
import type { Logger } from "../../foundation/log.ts";
import type { NamedEmbeddings } from "../../knowledge/embeddings/create-embeddings.ts";
import type { DenseMatches, VectorSearch, VectorSource } from "../../knowledge/vector-search.ts";
import { WORKER_FAILED_MESSAGE } from "./protocol.ts";
import {
  VECTOR_CONNECT,
  type VectorConnect,
  type VectorReply,
  type VectorRequest,
} from "./vector-protocol.ts";

/** What a request waiting for the vector thread holds. */
interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Requests that carry an id, with it left for the client to number. */
type Numbered = VectorRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/**
 * An answer worker's end of its channel to the vector thread (vector-thread.ts): the embeddings and the
 * vector search the worker's index and risk examples use, with the encoder and the graphs held there.
 * When the vector thread ends (a native crash; piscina starts another), the requests in flight fail with a
 * coded error and the client connects to the new thread, which loads a generation again on its first search.
 */
export class VectorClient {
  private port!: MessagePort;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly log: Logger) {
    this.connect();
  }

  /** The embeddings of `modelId`, computed in the vector thread. */
  embeddings(modelId: string): NamedEmbeddings {
    return {
      modelId,
      embedQuery: (text) => this.request<number[]>({ kind: "embed-query", text }),
      embedDocuments: (texts) => this.request<number[][]>({ kind: "embed-documents", texts }),
    };
  }

  /** Opens a generation's vectors in the vector thread, for KnowledgeIndex.load. */
  readonly vectors: VectorSource = async (generation) => {
    await this.request<null>({ kind: "open", generation });
    const search: VectorSearch = {
      search: (vector, k, alsoScore) =>
        this.request<DenseMatches>({ kind: "search", generation, vector, k, alsoScore: [...alsoScore] }),
      release: () => this.port.postMessage({ kind: "release", generation } satisfies VectorRequest),
    };
    return search;
  };

  private connect(): void {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on("message", (reply: VectorReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!waiting) return;
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new CodedError(reply.code, reply.message));
    });
    port1.on("close", () => {
      const lost = [...this.pending.values()];
      this.pending.clear();
      for (const waiting of lost) {
        waiting.reject(new CodedError(ErrorCode.WorkerFailed, WORKER_FAILED_MESSAGE));
      }
      this.log.error("answer_worker.vector_thread_lost", { code: ErrorCode.WorkerFailed, lost: lost.length });
      this.connect();
    });
    const message: VectorConnect = { kind: VECTOR_CONNECT, port: port2 };
    parentPort?.postMessage(message, [port2]);
  }

  private request<T>(request: Numbered): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.port.postMessage({ ...request, id } as VectorRequest);
    });
  }
}
