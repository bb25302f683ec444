import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/prisma";
import { CATALOGUE_POLL_MS, currentScopeCatalogue, resetScopeCatalogue } from "@/lib/scope-catalogue";

beforeEach(() => resetScopeCatalogue());

/** What another instance's console does: a scope row and a new catalogue version, straight in the database. */
async function anotherInstanceAdds(name: string) {
  const api = await db().registeredApi.create({ data: { apiId: `api_${name.replace(/\W/g, "").padEnd(16, "x").slice(0, 16)}`, name, identifier: `https://${name}.example` } });
  await db().apiScope.create({ data: { apiId: api.id, name, description: "Elsewhere" } });
  await db().catalogueVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1 }, update: { version: { increment: 1 } } });
}

describe("the scope catalogue across instances", () => {
  it("sees another instance's change at the next check, at most a second later, and not before", async () => {
    const t0 = Date.now();
    const first = await currentScopeCatalogue(t0);
    expect(first.map((s) => s.name)).toEqual(["user.read", "openid", "profile", "email"]);
    await anotherInstanceAdds("remote.read");
    expect((await currentScopeCatalogue(t0 + CATALOGUE_POLL_MS - 1)).some((s) => s.name === "remote.read")).toBe(false);
    const later = await currentScopeCatalogue(t0 + CATALOGUE_POLL_MS);
    // A row stored before identifiers were normalised is read in the form resource indicators compare.
    expect(later.find((s) => s.name === "remote.read")).toEqual({ name: "remote.read", description: "Elsewhere", personalData: false, restricted: false, api: "https://remote.read.example/" });
  });

  it("reads the scopes again only when the version changed", async () => {
    const t0 = Date.now();
    const first = await currentScopeCatalogue(t0);
    expect(await currentScopeCatalogue(t0 + 5 * CATALOGUE_POLL_MS)).toBe(first);
  });
});
