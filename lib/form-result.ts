import type { z } from "zod";

/**
 * What a form's server action answers, for every form of the site: the shape the client
 * components render (errors next to their fields, one message for the whole form).
 */

/** Field name -> first message, the shape forms render next to their inputs. */
export type FieldErrors = Partial<Record<string, string>>;

/** Success with its data, or the errors to show; `Failure` adds what a form shows beyond its fields. */
export type FormResult<Success extends object = object, Failure extends object = object> =
  | ({ ok: true } & Success)
  | ({ ok: false; fieldErrors: FieldErrors; formError?: string } & Failure);

/** The first message of each field a zod parse failed on ("form" for errors on the whole input). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
