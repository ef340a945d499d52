import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  body: string;
}

/**
 * A local stand-in for an OpenAI-compatible chat completions server (as a self-hosted model server would
 * be). It records every request body and replies with whatever `reply` returns, so tests drive the real
 * @langchain/openai client over real HTTP.
 */
export async function startOpenAiCompatibleServer(
  reply: (request: { messages: { role: string; content: string }[] }) => { status?: number; content: string },
): Promise<{ url: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      requests.push({ path: req.url ?? "", body });
      const parsed = JSON.parse(body || "{}") as {
        messages?: { role: string; content: string }[];
        model?: string;
      };
      const { status = 200, content } = reply({ messages: parsed.messages ?? [] });
      res.writeHead(status, { "content-type": "application/json" });
      if (status !== 200) {
        res.end(JSON.stringify({ error: { message: content, type: "server_error" } }));
        return;
      }
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: parsed.model ?? "local-model",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
