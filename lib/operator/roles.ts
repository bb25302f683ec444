import { emailSchema } from "@/lib/auth/schemas";
import { insertOperatorAction, setRoleByEmail, type Role } from "@/lib/db/operators";

/**
 * Granting and taking the operator role: only from the command line (`npm run operator`), never
 * from the browser. Each change is recorded in the operators' activity log.
 */
export type RoleChange = { ok: true; changed: boolean } | { ok: false; error: string };

export async function setOperatorRole(rawEmail: string, role: Role): Promise<RoleChange> {
  const parsed = emailSchema.safeParse(rawEmail);
  if (!parsed.success) return { ok: false, error: `"${rawEmail}" is not an email address` };
  const email = parsed.data;
  const result = await setRoleByEmail(email, role);
  if (!result) return { ok: false, error: `no Gatehouse account has the email ${email}: the person signs up first` };
  const changed = result.previous !== role;
  if (changed) {
    await insertOperatorAction({ operatorId: null, actorEmail: "npm run operator", action: role === "operator" ? "operator.add" : "operator.remove", subject: email });
  }
  return { ok: true, changed };
}
