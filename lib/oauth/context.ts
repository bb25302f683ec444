import type { Clock } from "@/lib/oauth/clock";
import type { Scope } from "@/lib/oauth/scopes";
import type { OAuthStore } from "@/lib/oauth/store";

export type Lifetimes = {
  codeSeconds: number;
  personalDataCodeSeconds: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  refreshAbsoluteSeconds: number;
};

/** Everything the protocol core depends on, injected: storage, time, and this server's settings. */
export type OAuthContext = {
  store: OAuthStore;
  clock: Clock;
  /** Absolute, without a trailing slash. */
  issuer: string;
  scopes: readonly Scope[];
  lifetimes: Lifetimes;
};

/** How long the consent screen for one request may stay open before it must start again. */
export const CONSENT_SCREEN_SECONDS = 10 * 60;
