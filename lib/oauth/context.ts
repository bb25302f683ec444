import type { Clock } from "@/lib/oauth/clock";
import type { RequestReport } from "@/lib/oauth/http";
import type { RequestLimits } from "@/lib/oauth/rate-limits";
import type { Scope } from "@/lib/oauth/scopes";
import type { Keyring } from "@/lib/oauth/signing-keys";
import type { OAuthStorage } from "@/lib/oauth/storage";

/** How long each kind of credential lives, in seconds (DESIGN: Lifetimes; configurable by environment). */
export type Lifetimes = {
  codeSeconds: number;
  /** When any requested scope is personalData. */
  personalDataCodeSeconds: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** The cap on a token family, from the code exchange that opened it. */
  refreshAbsoluteSeconds: number;
  /** OpenID Connect Core §2 exp: how long an ID token is valid. */
  idTokenSeconds: number;
  /** An app's own access token (client_credentials). */
  serviceTokenSeconds: number;
};

/** Everything the protocol core depends on, injected: the storage contracts, time, and this server's settings. */
export type OAuthContext = OAuthStorage & {
  clock: Clock;
  /** Absolute, without a trailing slash. */
  issuer: string;
  scopes: readonly Scope[];
  lifetimes: Lifetimes;
  /**
   * GATEHOUSE_REQUIRE_AUDIENCE: registered APIs see only tokens bound to them (RFC 8707), never an
   * unbound token or personal key carrying their scopes.
   */
  requireAudience: boolean;
  /** The ID token signing keys (lib/oauth/signing-keys.ts). */
  keyring: Keyring;
  /** This request's rate limits and caller address. */
  limits: RequestLimits;
  /** What this request did, as the handlers learn it (the answer carries it to the request log). */
  report: RequestReport;
};
