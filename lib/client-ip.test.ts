import { describe, expect, it } from "vitest";
import { budgetAddress, CLIENT_IP_HEADER, clientAddress, setClientAddress } from "@/lib/client-ip";

describe("the client's address", () => {
  it("is the socket's when no proxy is trusted, whatever the client sends", () => {
    const headers = { "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4", forwarded: "for=1.2.3.4", [CLIENT_IP_HEADER]: "9.9.9.9" };
    expect(setClientAddress(headers, "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(headers).toEqual({ [CLIENT_IP_HEADER]: "203.0.113.7" });
  });

  it("is the address the outermost trusted proxy saw", () => {
    // client 198.51.100.1 -> proxy A (adds it) -> proxy B (adds A) -> Gatehouse (socket: B)
    expect(clientAddress("10.0.0.2", "198.51.100.1, 10.0.0.1", 2)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.2", "198.51.100.1, 10.0.0.1", 1)).toBe("10.0.0.1");
  });

  it("cannot be spoofed by hops the client prepends", () => {
    expect(clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.1", 1)).toBe("198.51.100.1");
  });

  it("is the socket's when the trusted proxy sent no X-Forwarded-For, and the leftmost hop when more proxies are trusted than present", () => {
    expect(clientAddress("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "198.51.100.1", 5)).toBe("198.51.100.1");
  });

  it("replaces a client-sent copy of the front's header even behind trusted proxies", () => {
    const headers = { "x-forwarded-for": "198.51.100.1", [CLIENT_IP_HEADER]: "6.6.6.6" };
    expect(setClientAddress(headers, "10.0.0.1", 1)).toBe("198.51.100.1");
    expect(headers[CLIENT_IP_HEADER]).toBe("198.51.100.1");
  });
});

describe("the address a rate-limit budget counts", () => {
  it("is an IPv4 address itself, and the IPv4 address of an IPv4-mapped IPv6 one", () => {
    expect(budgetAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(budgetAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(budgetAddress("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("is the /64 of an IPv6 address, however it is written", () => {
    expect(budgetAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(budgetAddress("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(budgetAddress("2001:0db8:0001:0002:0000:0000:0000:0001")).toBe("2001:db8:1:2::/64");
    expect(budgetAddress("2001:DB8:1:2::FFFF")).toBe("2001:db8:1:2::/64");
    expect(budgetAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(budgetAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(budgetAddress("::1")).toBe("0:0:0:0::/64");
    expect(budgetAddress("64:ff9b::203.0.113.7")).toBe("64:ff9b:0:0::/64");
  });

  it("keeps what is not an address as it is", () => {
    expect(budgetAddress("unknown")).toBe("unknown");
  });
});
