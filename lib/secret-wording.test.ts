import { describe, expect, it } from "vitest";
import { secretListWording, storageAdvice } from "@/lib/secret-wording";

describe("what the pages say about secrets", () => {
  it("says that an app without a secret cannot authenticate, and promises no current secret", () => {
    const none = secretListWording("clientSecret", 0, 2);
    expect(none.empty).toBe("The app cannot authenticate at the token endpoint until a new secret is made: generate one and give it to your servers.");
    expect(none.rotation).toBeNull();
    expect(secretListWording("apiSecret", 0, 2).empty).toMatch(/^The API cannot introspect tokens until a new secret is made/);
  });

  it("warns before the last secret is revoked that nothing will authenticate after it", () => {
    expect(secretListWording("clientSecret", 1, 2).revokeWarning).toBe("It is the only secret: the app cannot authenticate at the token endpoint until a new one is made.");
    expect(secretListWording("clientSecret", 2, 2).revokeWarning).toBe("Requests made with it fail at once; the other secret keeps working.");
  });

  it("speaks of rotation while one secret is left, and of the limit when it is reached", () => {
    expect(secretListWording("clientSecret", 1, 2).rotation).toBe("The current secret keeps working until you revoke it, so you can rotate without downtime.");
    expect(secretListWording("clientSecret", 2, 2).rotation).toBe("At most 2 secrets: revoke the old one once your servers use the new one.");
    expect(secretListWording("apiSecret", 2, 2).rotation).toBe("At most 2 secrets: revoke the old one once your API uses the new one.");
  });

  it("gives a personal key its own advice, not a server's secret manager", () => {
    expect(storageAdvice("personalKey")).not.toMatch(/server/);
    expect(storageAdvice("personalKey")).toMatch(/acts as you/);
    expect(storageAdvice("personalKey")).toMatch(/create a new key and revoke this one/);
    expect(storageAdvice("clientSecret")).toMatch(/server's secret manager/);
  });
});
