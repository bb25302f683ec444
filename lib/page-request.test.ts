import { describe, expect, it } from "vitest";
import { refusedPageRequest } from "@/lib/page-request";

// The first byte of an action's ID says which arguments it reads: 0x40, the first; 0x00, none.
const TAKES_FORM = `40${"a".repeat(40)}`;
const TAKES_NOTHING = `00${"b".repeat(40)}`;
const HOST = "gatehouse.test";

function post(init: { headers?: Record<string, string>; body?: BodyInit } = {}): Request {
  return new Request(`http://${HOST}/account`, { method: "POST", headers: { host: HOST, ...init.headers }, body: init.body });
}
const action = (id: string, body: BodyInit, headers: Record<string, string> = {}) =>
  post({ headers: { "next-action": id, origin: `http://${HOST}`, ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}), ...headers }, body });
function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

describe("requests to pages Next would fail on", () => {
  it("lets through what Next's client sends: one form to an action that reads it, [] to one that reads nothing", async () => {
    expect(await refusedPageRequest(action(TAKES_FORM, form({ "0": '["$K1"]', _1_name: "x" })))).toBeNull();
    expect(await refusedPageRequest(action(TAKES_NOTHING, "[]"))).toBeNull();
    expect(await refusedPageRequest(new Request(`http://${HOST}/`, { headers: { host: HOST } }))).toBeNull();
  });

  it("refuses 400 an action's arguments that are not one form, or not nothing", async () => {
    for (const body of ["[]", "[1]", "{}", '["$K1"]', "x"]) {
      expect(await refusedPageRequest(action(TAKES_FORM, body)), body).toEqual({ status: 400, reason: "this action takes one form, sent as multipart/form-data" });
    }
    expect((await refusedPageRequest(action(TAKES_FORM, form({ "0": '["$K1","$K2"]' }))))?.status).toBe(400);
    for (const body of ["[1]", '["$@1"]', ""]) {
      expect(await refusedPageRequest(action(TAKES_NOTHING, body)), body).toEqual({ status: 400, reason: "this action takes no arguments" });
    }
  });

  it("leaves an ID Next could not have made to Next, which answers it 404", async () => {
    expect(await refusedPageRequest(action("x", "[1]"))).toBeNull();
  });

  it("refuses an Origin that is not a URL 400, and one of another host or null 403; no Origin passes", async () => {
    expect(await refusedPageRequest(action(TAKES_NOTHING, "[]", { origin: "http://[" }))).toMatchObject({ status: 400 });
    for (const origin of ["null", "https://evil.test", `http://${HOST}:8080`]) {
      expect(await refusedPageRequest(action(TAKES_NOTHING, "[]", { origin })), origin).toMatchObject({ status: 403 });
    }
    expect(await refusedPageRequest(post({ headers: { "next-action": TAKES_NOTHING, "content-type": "text/plain" }, body: "[]" }))).toBeNull();
    // As Next compares: with the first X-Forwarded-Host when there is one.
    expect(await refusedPageRequest(action(TAKES_NOTHING, "[]", { origin: "https://public.test", "x-forwarded-host": "public.test, inner" }))).toBeNull();
    // A form sent without JavaScript is checked too: Next cannot tell it from an action before reading it.
    expect(await refusedPageRequest(post({ headers: { origin: "https://evil.test" }, body: form({ a: "1" }) }))).toMatchObject({ status: 403 });
  });

  it("refuses a form with bound arguments, and a multipart body that does not parse, 400", async () => {
    expect(await refusedPageRequest(post({ body: form({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"x","bound":"$@1"}' }) }))).toMatchObject({ status: 400, reason: expect.stringContaining("bound arguments") });
    expect(await refusedPageRequest(post({ headers: { "content-type": "multipart/form-data; boundary=x" }, body: "garbage" }))).toMatchObject({ status: 400 });
    expect(await refusedPageRequest(post({ body: form({ $ACTION_ID_x: "", name: "a" }) }))).toBeNull();
  });
});
