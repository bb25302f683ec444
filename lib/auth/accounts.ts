import { checkUserPassword, hashPassword, normalizePassword, PasswordHashingBusyError, verifyAgainstDummy } from "@/lib/auth/password";
import { checkSignIn, recordSignInFailure, recordSignInSuccess } from "@/lib/auth/throttle";
import { signInSchema, signUpSchema } from "@/lib/auth/schemas";
import { fieldErrorsOf, type FormResult } from "@/lib/form-result";
import { baseUsernameFromEmail, firstFreeUsername } from "@/lib/auth/username";
import { isUniqueViolation } from "@/lib/db/errors";
import { findUserByEmail, findUsernamesLike, insertUser, replacePasswordHash, type UserRecord } from "@/lib/db/users";

export type SignUpResult = FormResult<{ user: UserRecord }>;

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";
const USERNAME_TAKEN = "This username is taken. Choose another, or leave it empty for one made from your email.";

/** Creates an account from untrusted form input. Validation failures come back as field errors, never thrown. */
export async function signUp(input: unknown): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { email, name, password, username: chosen } = parsed.data;

  if (await findUserByEmail(email)) return { ok: false, fieldErrors: { email: EMAIL_TAKEN } };
  if (chosen && (await findUsernamesLike(chosen)).has(chosen)) return { ok: false, fieldErrors: { username: USERNAME_TAKEN } };
  const passwordHash = await hashPassword(password);
  if (chosen) {
    try {
      return { ok: true, user: await insertUser({ email, name, username: chosen, passwordHash }) };
    } catch (error) {
      if (isUniqueViolation(error, "email") && (await findUserByEmail(email))) return { ok: false, fieldErrors: { email: EMAIL_TAKEN } };
      if (isUniqueViolation(error, "username")) return { ok: false, fieldErrors: { username: USERNAME_TAKEN } };
      throw error;
    }
  }
  const base = baseUsernameFromEmail(email);

  // Two sign-ups can race for the same email or username; the unique indexes decide.
  for (let attempt = 0; attempt < 5; attempt++) {
    const username = firstFreeUsername(base, await findUsernamesLike(base));
    try {
      return { ok: true, user: await insertUser({ email, name, username, passwordHash }) };
    } catch (error) {
      if (isUniqueViolation(error, "email") && (await findUserByEmail(email))) {
        return { ok: false, fieldErrors: { email: EMAIL_TAKEN } };
      }
      if (!isUniqueViolation(error, "username")) throw error;
    }
  }
  throw new Error("could not find a free username");
}

/**
 * The user whose email and password these are, or null. Takes the same time whether or not
 * the account exists (a dummy hash is verified for unknown emails).
 */
export async function authenticate(input: unknown): Promise<UserRecord | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const user = await findUserByEmail(parsed.data.email);
  if (!user) return verifyAgainstDummy(parsed.data.password).then(() => null);
  const check = await checkUserPassword(user.passwordHash, parsed.data.password);
  if (!check.ok) return null;
  // A hash of the un-normalized password, or with older parameters, is replaced now that the password is known.
  if (check.rehash) await replacePasswordHash(user.id, await hashPassword(normalizePassword(parsed.data.password)));
  return user;
}

/** Why a sign-in was not even tried: the words the sign-in form shows. */
export class SignInRefusedError extends Error {
  override name = "SignInRefusedError";
}

/**
 * A sign-in from an address: refused (SignInRefusedError, with the wait in words) when the
 * address or the (account, address) pair is over its budget or the server is too busy hashing;
 * else the user, or null for a wrong email or password (a failure counted for the pair).
 */
export async function signInFrom(input: unknown, ip: string): Promise<UserRecord | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email } = parsed.data;
  const refused = await checkSignIn(email, ip);
  if (refused) throw new SignInRefusedError(refused.message);
  let user: UserRecord | null;
  try {
    user = await authenticate(parsed.data);
  } catch (error) {
    if (error instanceof PasswordHashingBusyError) throw new SignInRefusedError("Gatehouse is busy. Try again in a few seconds.");
    throw error;
  }
  if (user) await recordSignInSuccess(email, ip);
  else await recordSignInFailure(email, ip);
  return user;
}
