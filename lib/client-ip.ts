import type { IncomingHttpHeaders } from "node:http";

/**
 * Who is calling: only the HTTP front knows the socket's address. It hands it on in a header
 * no client can set (any incoming copy is replaced), and drops client-sent forwarding headers
 * unless TRUST_PROXY says how many proxies in front of it to believe.
 */
export const CLIENT_IP_HEADER = "x-gatehouse-client-ip";
const FORWARDING_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded"] as const;

/**
 * The client's address: the socket's, or with `trustProxy` proxies in front, the address the
 * outermost trusted proxy saw (X-Forwarded-For hops left of it are the client's word only).
 */
export function clientAddress(socketAddress: string, forwardedFor: string | undefined, trustProxy: number): string {
  if (trustProxy === 0 || !forwardedFor) return socketAddress;
  const hops = [
    ...forwardedFor
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean),
    socketAddress,
  ];
  // The socket is the nearest proxy; the last `trustProxy` hops are ours, the one before them the client.
  return hops[Math.max(0, hops.length - 1 - trustProxy)]!;
}

/** Rewrites a request's headers in place as the front hands it on. */
export function setClientAddress(headers: IncomingHttpHeaders, socketAddress: string, trustProxy: number): string {
  const forwardedFor = headers["x-forwarded-for"];
  const address = clientAddress(socketAddress, Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor, trustProxy);
  if (trustProxy === 0) for (const name of FORWARDING_HEADERS) delete headers[name];
  headers[CLIENT_IP_HEADER] = address;
  return address;
}
