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
 * Local development mode authenticates nothing, so only a client on this machine may talk to it.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.toLowerCase().replace(/^::ffff:/, "");
  return ipv4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}
