import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/config.ts";
import { barChart, columnChart } from "../../../bot/web/admin-charts.ts";
import { createWebAuth } from "../../../bot/web/auth.ts";
import { recordingLogger } from "./fakes.ts";

/** A request as the gate reads it: the socket's peer address and the headers. */
function fakeRequest(
  remoteAddress: string | undefined,
  headers: Record<string, string> = {},
  method = "GET",
): Request {
  return { socket: { remoteAddress }, headers, method, path: "/api/ask" } as unknown as Request;
}

/** Runs one middleware and says whether it let the request through or what it answered. */
function run(
  handler: (req: Request, res: Response, next: () => void) => unknown,
  req: Request,
): { passed: boolean; status?: number; body?: { error?: string } } {
  const outcome: { passed: boolean; status?: number; body?: { error?: string } } = { passed: false };
  const res = {
    locals: {},
    status(code: number) {
      outcome.status = code;
      return res;
    },
    json(body: { error?: string }) {
      outcome.body = body;
      return res;
    },
  } as unknown as Response;
  handler(req, res, () => {
    outcome.passed = true;
  });
  return outcome;
}

describe("the gate behind WEB_AUTH=off", () => {
  it("refuses a client on another machine with a 403 that says how to turn sign-in on", () => {
    const auth = createWebAuth(loadConfig({}), recordingLogger().log);
    expect(auth.mode).toBe("off");
    const refused = run(auth.gate, fakeRequest("192.168.1.20"));
    expect(refused.passed).toBe(false);
    expect(refused.status).toBe(403);
    expect(refused.body?.error).toMatch(/WEB_AUTH=oidc/);
    expect(run(auth.gate, fakeRequest("127.0.0.1")).passed).toBe(true);
  });

  it("serves everyone with WEB_AUTH=open", () => {
    const auth = createWebAuth(loadConfig({ WEB_AUTH: "open" }), recordingLogger().log);
    expect(run(auth.gate, fakeRequest("192.168.1.20")).passed).toBe(true);
  });
});

describe("the cross-site check on POSTs", () => {
  const auth = createWebAuth(loadConfig({}), recordingLogger().log);
  const post = (headers: Record<string, string>) =>
    run(auth.csrf, fakeRequest("127.0.0.1", { host: "localhost:3978", ...headers }, "POST"));

  it("refuses a POST another site's page made, by fetch metadata or by Origin", () => {
    expect(post({ "sec-fetch-site": "cross-site" }).status).toBe(403);
    expect(post({ "sec-fetch-site": "same-site" }).status).toBe(403);
    expect(post({ origin: "https://evil.example" }).status).toBe(403);
    expect(post({ origin: "null" }).status).toBe(403);
  });

  it("lets the page's own POSTs and non-browser clients through", () => {
    expect(post({ "sec-fetch-site": "same-origin", origin: "null" }).passed).toBe(true);
    expect(post({ origin: "http://localhost:3978" }).passed).toBe(true);
    expect(post({}).passed).toBe(true);
  });
});

describe("configuration of sign-in", () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as { problems: string[] }).problems;
    }
  };

  it("names every missing or unsafe setting at once", () => {
    const found = problems({
      WEB_AUTH: "oidc",
      PUBLIC_URL: "http://guidance.example.org",
      SESSION_SECRET: "short",
    });
    expect(found.join("\n")).toMatch(/OIDC_ISSUER: needed/);
    expect(found.join("\n")).toMatch(/OIDC_CLIENT_ID: needed/);
    expect(found.join("\n")).toMatch(/OIDC_CLIENT_SECRET: needed/);
    expect(found.join("\n")).toMatch(/PUBLIC_URL: must start with https/);
    expect(found.join("\n")).toMatch(/SESSION_SECRET: must be at least 32/);
  });

  it("listens on this machine only while sign-in is off, unless HOST says otherwise", () => {
    expect(loadConfig({}).HOST).toBe("127.0.0.1");
    expect(loadConfig({ WEB_AUTH: "open" }).HOST).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    const signedIn = loadConfig({
      WEB_AUTH: "oidc",
      OIDC_ISSUER: "https://login.microsoftonline.com/tenant/v2.0",
      OIDC_CLIENT_ID: "client",
      OIDC_CLIENT_SECRET: "secret",
      PUBLIC_URL: "https://guidance.example.org",
      SESSION_SECRET: "x".repeat(32),
      OIDC_ADMIN_GROUPS: "g1, g2",
    });
    expect(signedIn.HOST).toBe("0.0.0.0");
    expect(signedIn.OIDC_ADMIN_GROUPS).toEqual(["g1", "g2"]);
  });
});

describe("the report's SVG charts", () => {
  it("draws a bar per value, scaled to the largest, and escapes labels", () => {
    const svg = barChart("Feedback", [
      { label: "Helpful", value: 4 },
      { label: "<script>", value: 2 },
    ]);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
    const widths = [...svg.matchAll(/<rect class="chart-bar" [^>]*width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo((widths[1] ?? 0) * 2, 1);
  });

  it("draws a column per day, with the title and every figure for screen readers", () => {
    const svg = columnChart("Questions per day", [
      { label: "2026-11-30", value: 0 },
      { label: "2026-12-01", value: 3 },
    ]);
    expect(svg).toContain("<title>Questions per day</title>");
    expect(svg).toContain("<desc>2026-11-30: 0, 2026-12-01: 3</desc>");
    expect([...svg.matchAll(/class="chart-bar"/g)]).toHaveLength(2);
  });
});
