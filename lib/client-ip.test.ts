import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientAddress, setClientAddress } from "@/lib/client-ip";

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
