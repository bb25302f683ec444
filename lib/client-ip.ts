import type { IncomingHttpHeaders } from "node:http";
import { isIPv4, isIPv6 } from "node:net";

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

/**
 * The address a rate-limit budget counts: an IPv4 address as it is (an IPv4-mapped IPv6 address
 * is that IPv4 address), an IPv6 address by its /64 prefix. One IPv6 customer is given at least
 * a /64 (RFC 6177, RFC 7934) and can pick any address in it, so counting whole addresses would
 * give one sender 2^64 budgets. Anything else (no front: "unknown") is counted as it is.
 */
export function budgetAddress(address: string): string {
  if (isIPv4(address)) return address;
  const bare = address.split("%", 1)[0]!;
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
