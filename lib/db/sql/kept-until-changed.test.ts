import { describe, expect, it } from "vitest";
import { keptUntilChangedElsewhere, oncePerTurn } from "@/lib/db/sql/kept-until-changed";

const CAPACITY = 100;

/** A cache over a counted read, with a version the test moves as another connection's commits would. */
function givenACache(initial: number | null = 1) {
  let version = initial;
  let reads = 0;
  const cached = keptUntilChangedElsewhere(oncePerTurn(() => version), CAPACITY);
  const lookup = (key: string, found: boolean = true) =>
    cached(key, async () => {
      reads++;
      return found ? { key, list: ["a"] } : null;
    });
  return { lookup, reads: () => reads, commitElsewhere: () => (version = (version ?? 0) + 1) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("rows kept until another connection commits", () => {
  it("reads once while no other connection commits, and again from the next turn of the event loop after one does", async () => {
    const c = givenACache();
    expect(await c.lookup("client x")).toEqual({ key: "client x", list: ["a"] });
    await c.lookup("client x");
    expect(c.reads()).toBe(1);
    c.commitElsewhere();
    await c.lookup("client x"); // the same turn: answered as of its start
    expect(c.reads()).toBe(1);
    await nextTurn();
    await c.lookup("client x");
    expect(c.reads()).toBe(2);
  });

  it("never keeps what was not found", async () => {
    const c = givenACache();
    expect(await c.lookup("client y", false)).toBeNull();
    expect(await c.lookup("client y", false)).toBeNull();
    expect(c.reads()).toBe(2);
  });

  it("hands out what it keeps frozen, so no caller can change it for the next", async () => {
    const c = givenACache();
    const found = (await c.lookup("client x"))!;
    expect(Object.isFrozen(found) && Object.isFrozen(found.list)).toBe(true);
    expect(() => found.list.push("b")).toThrow(TypeError);
  });

  it("reads every time while the driver cannot tell, asks again each turn, and keeps from the turn it can", async () => {
    let asked = 0;
    let answer: string | null = null;
    const counter = oncePerTurn(() => {
      asked++;
      return answer;
    });
    let reads = 0;
    const cached = keptUntilChangedElsewhere(counter, CAPACITY);
    const lookup = () => cached("client x", async () => (reads++, { key: "client x" }));
    await lookup();
    await lookup();
    expect(reads).toBe(2);
    expect(asked).toBe(1);
    // PostgreSQL's listening connection is up: from the next turn on, what is found is kept.
    answer = "1";
    await nextTurn();
    await lookup();
    await lookup();
    await nextTurn();
    await lookup();
    expect(reads).toBe(3);
    expect(asked).toBe(3);
  });

  it("starts again empty past its size, so its memory stays bounded", async () => {
    const c = givenACache();
    for (let i = 0; i < CAPACITY; i++) await c.lookup(`client ${i}`);
    await c.lookup("client 0");
    expect(c.reads()).toBe(CAPACITY);
    await c.lookup("one more");
    await c.lookup("client 0");
    expect(c.reads()).toBe(CAPACITY + 2);
  });
});
