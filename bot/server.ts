import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import express from "express";
import type { Logger } from "../foundation/log.ts";
import type { Config } from "./config.ts";
import type { AuditReport } from "./core/audit/audit-report.ts";
import type { Assistant } from "./core/types.ts";
import type { SlackSurface } from "./slack/slack-surface.ts";
import type { StoreHealth } from "./store/store.ts";
import type { TeamsSurface } from "./teams/teams-surface.ts";
import { createAdminRouter } from "./web/admin.ts";
import { createWebApiRouter } from "./web/api-routes.ts";
import { accessOf, createWebAuth } from "./web/auth.ts";
import { errorHandler, methodNotAllowed, notFound } from "./web/http-errors.ts";
import { securityHeaders } from "./web/security-headers.ts";

/** The web page: plain files, no build step. */
const PUBLIC_DIR = fileURLToPath(new URL("./web/public/", import.meta.url));
/** The page's files anyone may fetch, signed in or not: styles and the icon. */
const PUBLIC_ASSETS: ReadonlySet<string> = new Set(["/styles.css", "/admin.css", "/favicon.svg"]);

export interface HttpAppDeps {
  config: Config;
  assistant: Assistant;
  log: Logger;
  slack?: SlackSurface;
  teams?: TeamsSurface;
  /** The trainer report; default: the assistant's, from its audit store. */
  readReport?: (days: number) => Promise<AuditReport>;
  /** The store's state for /healthz; answers go on while it is unreachable, so it does not fail the check. */
  storeHealth?: () => StoreHealth;
}

/** The assistant as one web request sees it: feedback and hand-offs carry the signed-in user's id. */
function forWebUser(assistant: Assistant, userId: string | undefined): Assistant {
  if (!userId) return assistant;
  return {
    ...assistant,
    ask: (request) => assistant.ask({ ...request, userId }),
    feedback: (event) => assistant.feedback({ ...event, userId }),
    handoff: (request) => assistant.handoff({ ...request, userId }),
  };
}

/**
 * Builds the one HTTP app: the web page and its API, the health check, and the Teams and Slack endpoints.
 * There is deliberately no global body parser: Bolt and botbuilder read their raw bodies (Slack signs them).
 * The bot endpoints come first, outside the web gate, because they authenticate every request themselves.
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const { config, assistant, log, slack, teams } = deps;
  const auth = createWebAuth(config, log);
  const app = express();
  app.disable("x-powered-by");
  app.use(
    securityHeaders(
      config.WEB_AUTH === "oidc" && config.OIDC_ISSUER
        ? { formActionOrigins: [new URL(config.OIDC_ISSUER).origin] }
        : {},
    ),
  );

  app
    .route("/healthz")
    .get((_req, res) => {
      const health = assistant.health();
      res.set("Cache-Control", "no-store");
      res
        .status(health.indexLoaded ? 200 : 503)
        .json({ ...health, ...(deps.storeHealth ? { store: deps.storeHealth() } : {}) });
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  if (teams) {
    app
      .route("/api/messages")
      .post((req, res) => teams.handle(req, res))
      .all(methodNotAllowed(["POST"]));
  }
  if (slack?.router) app.use(slack.router);

  app.use("/auth", auth.router);
  app.use("/api", auth.gate, auth.csrf);
  app.use(
    "/api",
    createWebApiRouter({ assistantFor: (res) => forWebUser(assistant, accessOf(res).user?.subject), log }),
  );
  app.use(
    "/admin",
    auth.gate,
    createAdminRouter({
      assistant,
      readReport: deps.readReport ?? ((days) => assistant.report(days)),
      requireAdmin: auth.requireAdmin,
      csrf: auth.csrf,
    }),
  );
  const pageFiles = express.static(PUBLIC_DIR, {
    index: "index.html",
    redirect: false,
    // Revalidate every time so a deployed change to the page is seen at once; ETags keep it cheap.
    cacheControl: true,
    maxAge: 0,
  });
  // The sign-in and signed-out pages are styled before anyone has signed in; these files hold no guidance.
  app.use((req, res, next) => (PUBLIC_ASSETS.has(req.path) ? pageFiles(req, res, next) : next()));
  app.use(auth.gate);
  app.use(pageFiles);
  app.all("/", methodNotAllowed(["GET", "HEAD"]));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

export interface RunningHttpServer {
  server: Server;
  /** Where the server listens, e.g. http://127.0.0.1:3978. */
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs`, then cuts what is
   * left. Resolves when the server has closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** How long a client may take over a request, how long an idle connection is kept, how many are open. */
export interface ServerLimits {
  /** Time to receive the whole request, headers and body; a client that trickles its body is cut off. */
  requestTimeoutMs: number;
  /** Time to receive the headers; at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** How often node checks requests against the two timeouts above, so a cut-off is at most this late. */
  checkIntervalMs: number;
  /** Connections beyond this are closed at once, so slow clients cannot use up the file descriptors. */
  maxConnections: number;
}

/**
 * Every bot request (a Slack event, a Teams activity, a question) is a few kilobytes sent at once, so 20 s
 * for the request plus a 2 s check keeps a trickling body under 30 s while a slow mobile link still gets
 * through. Keep-alive of 5 s outlasts a client's pause between requests (node's own default). 900
 * connections stays under the common soft limit of 1,024 file descriptors, leaving room for the index,
 * audit store and log files.
 */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 20_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 2_000,
  maxConnections: 900,
};

/** Starts listening (port 0 picks a free port) and resolves once the port is bound. */
export async function startHttpServer(
  app: express.Express,
  options: { port: number; host: string; limits?: Partial<ServerLimits> },
): Promise<RunningHttpServer> {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${port}`,
    close(graceMs = 10_000) {
      closing ??= closeGracefully(server, graceMs);
      return closing;
    },
  };
}

async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets that finish their last answer become idle; close them as they do.
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  const deadline = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  try {
    if ((await Promise.race([closed, deadline])) === "timeout") {
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweeper);
  }
}
