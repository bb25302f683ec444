/**
 * What a client must know about refreshing, said wherever refresh is shown (the docs and every
 * app's quick start). A refresh rotates the refresh token (RFC 9700 §4.14.2) and, here, also
 * ends the access token issued with the old one (RFC 6749 §6 leaves it to the server), so a
 * refresh made while requests still carry the old access token makes them fail.
 */
export const REFRESH_GUIDANCE = {
  rotation:
    "Every refresh returns a new access token and a new refresh token, and ends the previous ones at once: a request still carrying the previous access token gets 401 with error=\"invalid_token\".",
  when: "Refresh when a request gets 401 with error=\"invalid_token\" in WWW-Authenticate and the access token it carried is still your current one, or shortly before expires_in runs out; not more often.",
  serialize:
    "Serialize refreshes per grant: one refresh at a time, and store the new refresh token before the next. Presenting a used refresh token again is treated as theft and revokes every token of the grant.",
  switchOver:
    "Then switch every user of the previous access token (requests in flight, other workers and processes) to the new one: a request that got 401 invalid_token with the previous access token is retried once with the new one, not refreshed again.",
} as const;
