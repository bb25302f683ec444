import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { MAX_BODY_BYTES, type ProtocolRequest } from "@/lib/oauth/http";
import { readProtocolRequest, routeFileHandler, toResponse } from "@/lib/route-file";

/** A body sent in chunks of `size` bytes, counting how many were pulled. */
function chunkedBody(total: number, size: number) {
  const pulled = { bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(size, total - pulled.bytes)).fill(0x61);
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost:3000/oauth/token", { method: "POST", headers, body, duplex: "half" } as RequestInit);

describe("the route files' requests", () => {
  it("are read once into plain data: lowercase field names, the body as bytes, the address the front set", async () => {
    const request = await readProtocolRequest(post("grant_type=x", { "Content-Type": "application/x-www-form-urlencoded", [CLIENT_IP_HEADER]: "203.0.113.9", "X-Custom": "a" }));
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://localhost:3000/oauth/token");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.headers["x-custom"]).toBe("a");
    expect(new TextDecoder().decode(request.body)).toBe("grant_type=x");
    expect(request.clientAddress).toBe("203.0.113.9");
    expect((await readProtocolRequest(new Request("http://localhost:3000/oauth/userinfo"))).clientAddress).toBe("unknown");
  });

  it("stop reading a body one byte past the limit, and read none of one declared larger", async () => {
    const { stream, pulled } = chunkedBody(10 * MAX_BODY_BYTES, 1024);
    const read = await readProtocolRequest(post(stream));
    expect(read.body.byteLength).toBeGreaterThan(MAX_BODY_BYTES);
    expect(read.body.byteLength).toBeLessThanOrEqual(MAX_BODY_BYTES + 1024);
    expect(pulled.cancelled).toBe(true);
    expect(pulled.bytes).toBeLessThan(2 * MAX_BODY_BYTES);

    const declared = chunkedBody(MAX_BODY_BYTES + 1, 1024);
    const unread = await readProtocolRequest(post(declared.stream, { "Content-Length": String(MAX_BODY_BYTES + 1) }));
    expect(unread.body.byteLength).toBe(0);
    expect(unread.headers["content-length"]).toBe(String(MAX_BODY_BYTES + 1));
  });

  it("reach the handler with the body read", async () => {
    let seen: ProtocolRequest | undefined;
    const handler = routeFileHandler(async (request) => {
      seen = request;
      return { status: 200, headers: {}, body: "ok" };
    });
    await handler(post("token=x", { "Content-Type": "application/x-www-form-urlencoded" }));
    expect(new TextDecoder().decode(seen!.body)).toBe("token=x");
  });
});

describe("the route files' responses", () => {
  it("carry the answer's status, fields and body, text or bytes", async () => {
    const text = toResponse({ status: 400, headers: { "content-type": "application/json; charset=utf-8", "www-authenticate": 'Bearer realm="gatehouse"' }, body: '{"error":"x"}' });
    expect(text.status).toBe(400);
    expect(text.headers.get("www-authenticate")).toBe('Bearer realm="gatehouse"');
    expect(await text.text()).toBe('{"error":"x"}');
    const bytes = toResponse({ status: 200, headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([1, 2, 3]) });
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("have no body, and no Content-Type the answer did not state, when the answer is empty", async () => {
    const preflight = toResponse({ status: 204, headers: { "access-control-allow-origin": "*" }, body: "" });
    expect(preflight.status).toBe(204);
    expect(preflight.body).toBeNull();
    const redirect = toResponse({ status: 302, headers: { location: "https://client.example/cb" }, body: "" });
    expect(redirect.headers.get("location")).toBe("https://client.example/cb");
    expect(redirect.headers.get("content-type")).toBeNull();
    expect(redirect.body).toBeNull();
  });
});
