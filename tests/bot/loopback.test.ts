import { describe, expect, it } from "vitest";
import { isLocalRequest, isLoopbackAddress, isLoopbackServiceUrl } from "../../bot/loopback.ts";

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

describe("isLoopbackAddress", () => {
  it("accepts this machine's peer addresses, IPv4 mapped into IPv6 too", () => {
    for (const address of ["127.0.0.1", "127.9.8.7", "127.3.2.1", "::1", "::ffff:127.0.0.1"]) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
  });

  it("refuses every other address", () => {
    for (const address of [
      undefined,
      "",
      "10.0.0.5",
      "192.168.1.20",
      "::ffff:192.168.1.2",
      "fe80::1",
      "1127.0.0.1",
      "128.0.0.1",
      "::2",
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});

describe("isLocalRequest", () => {
  const request = (address: string, headers: Record<string, string> = {}) => ({
    headers,
    socket: { remoteAddress: address },
  });

  it("does not count a request a local proxy relayed, whatever the socket says", () => {
    expect(isLocalRequest(request("127.0.0.1"))).toBe(true);
    expect(isLocalRequest(request("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }))).toBe(false);
    expect(isLocalRequest(request("::1", { forwarded: "for=203.0.113.9" }))).toBe(false);
    expect(isLocalRequest(request("127.0.0.1", { "x-real-ip": "203.0.113.9" }))).toBe(false);
    expect(isLocalRequest(request("203.0.113.9"))).toBe(false);
  });
});
