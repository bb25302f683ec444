/**
 * What the pages say about a secret shown once (an app's client secret, an API's introspection
 * secret, a user's personal API key) and about the secrets an app or API holds, so that every
 * sentence fits the state it is shown in: nothing promises a "current secret" when none is left.
 */
export type SecretKind = "clientSecret" | "apiSecret" | "personalKey";

export const SECRET_NOUNS: Record<SecretKind, string> = { clientSecret: "client secret", apiSecret: "API secret", personalKey: "personal API key" };

const STORAGE: Record<SecretKind, string> = {
  clientSecret: "Store it in your server's secret manager, where only the app's server reads it; never in a browser or mobile app.",
  apiSecret: "Store it in your API's secret manager, where only the API reads it to call the introspection endpoint.",
  personalKey:
    "It acts as you: keep it where only your own scripts read it (an environment variable, your password manager), never in code you share or commit, and never give it to someone else's app.",
};

const LOST: Record<SecretKind, string> = {
  clientSecret: "If you lose it, generate a new one.",
  apiSecret: "If you lose it, generate a new one.",
  personalKey: "If you lose it, create a new key and revoke this one.",
};

/** The advice beside a secret shown once. */
export function storageAdvice(kind: SecretKind): string {
  return `${STORAGE[kind]} Gatehouse keeps only a digest: once you confirm, only its first and last characters are shown. ${LOST[kind]}`;
}

export type SecretListWording = {
  /** Under the alert when no secret is left. */
  empty: string;
  /** Beside the button that generates a secret; null when the alert above already says it. */
  rotation: string | null;
  /** The confirmation before one is revoked. */
  revokeWarning: string;
};

const HOLDER = {
  clientSecret: { cannot: "The app cannot authenticate at the token endpoint", servers: "your servers" },
  apiSecret: { cannot: "The API cannot introspect tokens", servers: "your API" },
} as const;

/** The wording of an app's or API's list of `count` secrets, of which it may hold `max`. */
export function secretListWording(kind: Exclude<SecretKind, "personalKey">, count: number, max: number): SecretListWording {
  const { cannot, servers } = HOLDER[kind];
  return {
    empty: `${cannot} until a new secret is made: generate one and give it to ${servers}.`,
    rotation:
      count === 0
        ? null
        : count >= max
          ? `At most ${max} secrets: revoke the old one once ${servers} use${kind === "apiSecret" ? "s" : ""} the new one.`
          : "The current secret keeps working until you revoke it, so you can rotate without downtime.",
    revokeWarning:
      count <= 1 ? `It is the only secret: ${cannot[0]!.toLowerCase()}${cannot.slice(1)} until a new one is made.` : "Requests made with it fail at once; the other secret keeps working.",
  };
}
