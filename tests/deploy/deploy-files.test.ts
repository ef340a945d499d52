import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../bot/config.ts";

const SITE = path.join(PROJECT_ROOT, "deploy/nginx-safeguarding-assistant.conf");
const UNIT = path.join(PROJECT_ROOT, "deploy/safeguarding-assistant.service");

/** Whether a command runs here. */
function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

const nginxMissing = !available("nginx", ["-v"]);
const opensslMissing = !available("openssl", ["version"]);
if (nginxMissing) process.stderr.write("nginx is not installed; skipping `nginx -t` on the shipped site.\n");
else if (opensslMissing)
  process.stderr.write("openssl is not installed; skipping `nginx -t` (no test certificate).\n");

describe("the shipped nginx site", () => {
  const site = fs.readFileSync(SITE, "utf8");

  it("passes the bot endpoints through, keeps /healthz local, and sends everything else to the signed-in page", () => {
    const exact = [...site.matchAll(/location = (\S+) \{([^}]*)\}/g)].map((m) => ({
      path: m[1],
      body: m[2] ?? "",
    }));
    expect(exact.map((l) => l.path).sort()).toEqual(["/api/messages", "/healthz", "/slack/events"]);
    expect(exact.find((l) => l.path === "/healthz")?.body).toMatch(/deny all;/);
    // The bot tells relayed requests from local ones by this header: without it, sign-in off would serve everyone.
    expect(site).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(site).toMatch(/server 127\.0\.0\.1:3978;/);
  });

  it.skipIf(nginxMissing || opensslMissing)("is valid for `nginx -t`", () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-site-"));
    // A throwaway certificate stands in for the Let's Encrypt one the site names.
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=guidance.example.org",
        "-keyout",
        path.join(prefix, "key.pem"),
        "-out",
        path.join(prefix, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const testSite = site
      .replace("/etc/letsencrypt/live/guidance.example.org/fullchain.pem", path.join(prefix, "cert.pem"))
      .replace("/etc/letsencrypt/live/guidance.example.org/privkey.pem", path.join(prefix, "key.pem"));
    fs.writeFileSync(path.join(prefix, "site.conf"), testSite);
    fs.writeFileSync(
      path.join(prefix, "nginx.conf"),
      `pid ${prefix}/nginx.pid;\nevents {}\nhttp {\n  access_log off;\n  include ${prefix}/site.conf;\n}\n`,
    );
    const result = spawnSync(
      "nginx",
      ["-t", "-e", "stderr", "-p", prefix, "-c", path.join(prefix, "nginx.conf")],
      {
        encoding: "utf8",
      },
    );
    expect(result.stderr).toMatch(/test is successful/);
    expect(result.status).toBe(0);
  });
});

describe("the shipped systemd unit", () => {
  it("runs what npm start runs, as its own user, with the secrets in a root-only env file", () => {
    const unit = fs.readFileSync(UNIT, "utf8");
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node --import tsx bot\/main\.ts$/m);
    expect(unit).toMatch(/^User=guidance$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/safeguarding-assistant\/env$/m);
    expect(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts.start).toBe(
      "node --import tsx bot/main.ts",
    );
  });
});

describe("the shipped replica template", () => {
  const template = fs.readFileSync(path.join(PROJECT_ROOT, "deploy/safeguarding-assistant@.service"), "utf8");
  const site = fs.readFileSync(SITE, "utf8");

  it("runs one replica per port, each with its own data folder and the shared index, behind both upstream servers", () => {
    // The per-replica values are on the command line: EnvironmentFile= would override Environment= lines.
    const start = /^ExecStart=\/usr\/bin\/env (.+) \/usr\/bin\/node --import tsx bot\/main\.ts$/m.exec(
      template,
    );
    expect(start?.[1]?.split(" ")).toEqual([
      "PORT=%i",
      "HOST=127.0.0.1",
      "DATA_DIR=/var/lib/safeguarding-assistant/replica-%i",
      "INDEX_DIR=/var/lib/safeguarding-assistant/index",
    ]);
    expect(template).not.toMatch(/^Environment=/m);
    expect(template).toMatch(/^EnvironmentFile=\/etc\/safeguarding-assistant\/env$/m);
    const ports = [...template.matchAll(/safeguarding-assistant@(\d+)/g)].map((m) => m[1]);
    const upstream = [...site.matchAll(/^\s*server 127\.0\.0\.1:(\d+);$/gm)].map((m) => m[1]);
    expect(upstream).toHaveLength(2);
    expect(new Set(ports)).toEqual(new Set(upstream));
    expect(site).toMatch(/proxy_next_upstream error timeout;/);
  });
});
