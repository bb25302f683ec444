import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's id (the OAuth `sub`). */
    uid?: string;
    /** The user's session version when this session was created. */
    sv?: number;
    /** When the password was checked (seconds since the epoch): the absolute lifetime counts from here. */
    at?: number;
    /** This browser session's id, made at sign-in; signing out puts it on the deny list. */
    sid?: string;
  }
}
