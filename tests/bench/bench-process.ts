/** What the benches that start the real server share: starting it on loopback, its memory, waiting. */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

/** Resident memory of a process and its threads now and at its peak (VmHWM), from /proc (Linux), in MB. */
export function memoryMb(pid: number | undefined): { rssMb: number; hwmMb: number } {
  if (pid === undefined) return { rssMb: 0, hwmMb: 0 };
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) =>
    Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { rssMb: mb("VmRSS"), hwmMb: mb("VmHWM") };
}

/**
 * CPU seconds a process and all its threads have used (user + system, /proc/PID/stat, Linux's fixed 100
 * ticks a second). On a shared machine the CPU a piece of work takes varies far less than its wall time.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function rssMb(pid: number | undefined): number {
  return memoryMb(pid).rssMb;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Start-up output is kept up to this much, and the log's tail up to this much, so a long bench stays flat. */
const OUTPUT_KEPT = 64 * 1024;
const LOG_TAIL = 4000;
/** Building the shared corpus's index without the test cache takes a few minutes on 2 cores. */
const START_TIMEOUT_MS = 600_000;

export interface BenchServer {
  child: ChildProcess;
  base: string;
  /** The last few thousand characters of the server's log (stderr), to say why something failed. */
  logTail(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`node --import tsx bot/main.ts` in `root`) on a free loopback port with the
 * embedded defaults, no Slack, no Teams app and no language model unless `env` says otherwise, and
 * resolves once it says it is running. `onLog` sees every chunk of its log.
 */
export async function startBenchServer(options: {
  root: string;
  env: Record<string, string>;
  onLog?: (chunk: string) => void;
}): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bot/main.ts"], {
    cwd: options.root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      EMBEDDINGS: "local",
      OPENAI_API_KEY: "",
      MicrosoftAppId: "",
      SLACK_BOT_TOKEN: "",
      SLACK_APP_TOKEN: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    if (output.length < OUTPUT_KEPT) output += String(chunk);
  });
  let log = "";
  child.stderr?.on("data", (chunk) => {
    log = `${log}${String(chunk)}`.slice(-LOG_TAIL);
    options.onLog?.(String(chunk));
  });
  const server: BenchServer = {
    child,
    base: `http://127.0.0.1:${port}`,
    logTail: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
  const started = Date.now();
  while (!output.includes("is running")) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}\n${log}`);
    if (Date.now() - started > START_TIMEOUT_MS) {
      await server.stop();
      throw new Error("the server did not start within 10 minutes");
    }
    await sleep(200);
  }
  return server;
}
