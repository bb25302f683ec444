import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's id (the OAuth `sub`). */
    uid?: string;
    /** The user's session version when this session was created. */
    sv?: number;
  }
}
