import type { IncomingHttpHeaders } from "node:http";

/**
 * Whether a Bot Framework serviceUrl points at this machine (localhost, 127.0.0.0/8 or [::1]). In local
 * development mode requests are not authenticated, so replies may only ever go back to a local Emulator.
 */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== "string") return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname.toLowerCase();
  // URL has already normalised shorthand such as 127.1 or 0x7f.1 to dotted decimal.
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether a connection's peer address is this machine (127.0.0.0/8 or ::1, also as IPv4 mapped into IPv6).
 * The modes that authenticate nothing (Teams local development, WEB_AUTH=off) serve only this machine.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.toLowerCase().replace(/^::ffff:/, "");
  return ipv4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

/** Headers a proxy adds when it relays a request from another machine. */
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"] as const;

/**
 * Whether a request comes from this machine itself. A proxy on this machine (nginx in deploy/) connects over
 * loopback for everyone, so a request it relayed, which carries its forwarding headers, does not count.
 */
export function isLocalRequest(req: {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string };
}): boolean {
  return (
    isLoopbackAddress(req.socket.remoteAddress) && PROXY_HEADERS.every((h) => req.headers[h] === undefined)
  );
}
