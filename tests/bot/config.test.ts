import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, llmEnabled, loadConfig, PROJECT_ROOT } from "../../bot/config.ts";

/** The problems a ConfigError reports for this environment; fails the test when the config is accepted. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`configuration was accepted: ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  it("gives working defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.WEB_AUTH).toBe("off");
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.EMBEDDINGS).toBe("local");
    expect(config.STALE_AFTER_YEARS).toBe(3);
    expect(config.SLACK_SLASH_COMMAND).toBe("/guidance");
    expect(config.MicrosoftAppType).toBe("SingleTenant");
    expect(config.LIBRARY_DIR).toBe(path.join(PROJECT_ROOT, "knowledge/library"));
    expect(config.INDEX_DIR).toBe(path.join(PROJECT_ROOT, ".data/index"));
    expect(config.GLOSSARY_FILE).toBe(path.join(PROJECT_ROOT, "knowledge/glossary.yaml"));
    expect(config.SLACK_ADMIN_USER_IDS).toEqual([]);
    expect(config.SLACK_AREA_MAP).toEqual({});
    expect(config.TEAMS_AREA_MAP).toEqual({});
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(llmEnabled(config)).toBe(false);
  });

  it("treats empty and blank strings as unset", () => {
    const config = loadConfig({
      PORT: "",
      LOG_LEVEL: "  ",
      OPENAI_BASE_URL: "",
      SLACK_SLASH_COMMAND: "",
      AUDIT_KEY: "",
    });
    expect(config.PORT).toBe(3978);
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.OPENAI_BASE_URL).toBeUndefined();
    expect(config.SLACK_SLASH_COMMAND).toBe("/guidance");
    expect(config.AUDIT_KEY).toBeUndefined();
  });

  it("coerces numbers and resolves relative folders from the project root", () => {
    const config = loadConfig({
      PORT: "8080",
      STALE_AFTER_YEARS: "5",
      LIBRARY_DIR: "my-library",
      DATA_DIR: "/srv/data",
    });
    expect(config.PORT).toBe(8080);
    expect(config.STALE_AFTER_YEARS).toBe(5);
    expect(config.LIBRARY_DIR).toBe(path.join(PROJECT_ROOT, "my-library"));
    expect(config.DATA_DIR).toBe("/srv/data");
  });

  it("reports every bad variable at once, each by name", () => {
    const problems = problemsOf({
      PORT: "abc",
      LOG_LEVEL: "loud",
      OPENAI_BASE_URL: "not a url",
      SLACK_SLASH_COMMAND: "guidance",
      AUDIT_KEY: "short",
      EMBEDDINGS: "magic",
    });
    expect(problems).toHaveLength(6);
    for (const name of [
      "PORT",
      "LOG_LEVEL",
      "OPENAI_BASE_URL",
      "SLACK_SLASH_COMMAND",
      "AUDIT_KEY",
      "EMBEDDINGS",
    ]) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
    expect(problems.find((p) => p.startsWith("SLACK_SLASH_COMMAND"))).toContain("/guidance");
    expect(problems.find((p) => p.startsWith("AUDIT_KEY"))).toContain("16 characters");
  });

  it("lists the problems in the error message, one a line", () => {
    expect(() => loadConfig({ PORT: "0", LOG_LEVEL: "loud" })).toThrow(
      /Invalid configuration:\n {2}- PORT: .*\n {2}- LOG_LEVEL: /,
    );
  });

  it("reports a bad value and a missing companion variable together", () => {
    // An admin fixing PORT should not then discover that EMBEDDINGS=openai also needs a key.
    const problems = problemsOf({ PORT: "abc", EMBEDDINGS: "openai" });
    expect(problems.some((p) => p.startsWith("PORT:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("EMBEDDINGS:"))).toBe(true);
  });

  describe("rules across variables", () => {
    it("needs OPENAI_API_KEY when EMBEDDINGS=openai", () => {
      expect(problemsOf({ EMBEDDINGS: "openai" })).toEqual(["EMBEDDINGS: openai needs OPENAI_API_KEY"]);
      const config = loadConfig({ EMBEDDINGS: "openai", OPENAI_API_KEY: "sk-test" });
      expect(config.EMBEDDINGS).toBe("openai");
      expect(llmEnabled(config)).toBe(true);
    });

    it("needs a Slack signing secret with a bot token, unless an app token selects Socket Mode", () => {
      expect(problemsOf({ SLACK_BOT_TOKEN: "xoxb-1" })).toEqual([
        expect.stringMatching(/^SLACK_SIGNING_SECRET: .*SLACK_APP_TOKEN/),
      ]);
      expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret" })).not.toThrow();
      expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })).not.toThrow();
    });

    it("needs a Teams app password unless the app uses a managed identity", () => {
      expect(problemsOf({ MicrosoftAppId: "app", MicrosoftAppType: "MultiTenant" })).toEqual([
        "MicrosoftAppPassword: needed with MicrosoftAppId",
      ]);
      expect(() => loadConfig({ MicrosoftAppId: "app", MicrosoftAppType: "UserAssignedMSI" })).not.toThrow();
    });

    it("needs a tenant for a SingleTenant Teams app", () => {
      const base = { MicrosoftAppId: "app", MicrosoftAppPassword: "pw", MicrosoftAppType: "SingleTenant" };
      expect(problemsOf(base)).toEqual([
        "MicrosoftAppTenantId: needed when MicrosoftAppType is SingleTenant",
      ]);
      expect(loadConfig({ ...base, MicrosoftAppTenantId: "tenant" }).MicrosoftAppTenantId).toBe("tenant");
      // SingleTenant is the default (what Azure creates), so leaving the type out needs the tenant as well.
      expect(problemsOf({ MicrosoftAppId: "app", MicrosoftAppPassword: "pw" })).toEqual([
        "MicrosoftAppTenantId: needed when MicrosoftAppType is SingleTenant",
      ]);
    });

    it("reports every broken rule at once", () => {
      const problems = problemsOf({ EMBEDDINGS: "openai", SLACK_BOT_TOKEN: "xoxb-1", MicrosoftAppId: "app" });
      expect(problems.map((p) => p.split(":")[0])).toEqual([
        "EMBEDDINGS",
        "SLACK_SIGNING_SECRET",
        "MicrosoftAppPassword",
        "MicrosoftAppTenantId",
      ]);
    });
  });

  describe("lists and key=value maps", () => {
    it("splits comma-separated lists, trimming and dropping empty items", () => {
      const config = loadConfig({ SLACK_ADMIN_USER_IDS: " U01, U02,,U03 ", TEAMS_ADMIN_IDS: "29:abc" });
      expect(config.SLACK_ADMIN_USER_IDS).toEqual(["U01", "U02", "U03"]);
      expect(config.TEAMS_ADMIN_IDS).toEqual(["29:abc"]);
    });

    it("reads id=area pairs", () => {
      const config = loadConfig({
        SLACK_AREA_MAP: "C0123=dudley, C0456 = walsall,",
        TEAMS_AREA_MAP: "19:x=sandwell",
      });
      expect(config.SLACK_AREA_MAP).toEqual({ C0123: "dudley", C0456: "walsall" });
      expect(config.TEAMS_AREA_MAP).toEqual({ "19:x": "sandwell" });
    });

    it("names each pair that is not id=area", () => {
      const problems = problemsOf({ SLACK_AREA_MAP: "C1=dudley,walsall,=sandwell", TEAMS_AREA_MAP: "T1=" });
      expect(problems).toEqual([
        'SLACK_AREA_MAP: "walsall" is not of the form id=area',
        'SLACK_AREA_MAP: "=sandwell" is not of the form id=area',
        'TEAMS_AREA_MAP: "T1=" is not of the form id=area',
      ]);
    });
  });

  it("returns a frozen object", () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
    expect(config.PORT).toBe(3978);
  });
});
