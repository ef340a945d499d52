import { describe, expect, it } from "vitest";
import { isLoopbackServiceUrl } from "../../../bot/teams/loopback.ts";

describe("isLoopbackServiceUrl", () => {
  it("accepts this machine's addresses", () => {
    for (const url of [
      "http://localhost:55555",
      "http://127.0.0.1:3979/",
      "http://127.4.5.6",
      "http://[::1]:8080",
      "https://LOCALHOST",
    ]) {
      expect(isLoopbackServiceUrl(url), url).toBe(true);
    }
  });

  it("refuses other hosts, tricks and non-web schemes", () => {
    for (const url of [
      "https://smba.trafficmanager.net/uk/",
      "http://localhost.evil.example",
      "http://127.0.0.1.evil.example",
      "http://localhost@evil.example/",
      "http://10.0.0.1",
      "file:///etc/passwd",
      "not a url",
      undefined,
      42,
    ]) {
      expect(isLoopbackServiceUrl(url), String(url)).toBe(false);
    }
  });
});
