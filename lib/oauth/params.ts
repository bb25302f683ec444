import { z } from "zod";
import { hasControlCharacters } from "@/lib/text";
import { invalidRequest } from "@/lib/oauth/errors";

/**
 * The parameters that may be sent more than once: RFC 8707 §2 lets `resource` repeat, one value
 * per API. A schema reads them as an array of the non-empty values sent (repeatedParam).
 */
export const REPEATABLE_PARAMETERS: ReadonlySet<string> = new Set(["resource"]);

/**
 * Request parameters by RFC 6749 §3.1 and §3.2: a parameter sent without a value counts as
 * omitted, a parameter sent more than once is invalid_request (except REPEATABLE_PARAMETERS),
 * unknown ones are ignored (a repeated unknown parameter is never looked at, so it is ignored
 * too). Each endpoint and grant declares the parameters it reads as a zod schema and calls `parse`.
 */
export class Params {
  private readonly values = new Map<string, string[]>();

  constructor(entries: Iterable<[string, string]>) {
    for (const [name, value] of entries) {
      const list = this.values.get(name);
      if (list) list.push(value);
      else this.values.set(name, [value]);
    }
  }

  static fromSearch(search: URLSearchParams | string): Params {
    return new Params(new URLSearchParams(search));
  }

  /** The parameter's value, for parameters no schema covers; undefined when absent, empty or repeated (see isRepeated). Never throws. */
  peek(name: string): string | undefined {
    const list = this.values.get(name);
    return list?.length === 1 && list[0] !== "" ? list[0] : undefined;
  }

  /** Every non-empty value of a parameter, in the order sent. */
  all(name: string): string[] {
    return (this.values.get(name) ?? []).filter((v) => v !== "");
  }

  /** True when the parameter was sent more than once (to decide without throwing). */
  isRepeated(name: string): boolean {
    return (this.values.get(name)?.length ?? 0) > 1;
  }

  /**
   * The parameters the schema names, checked by it. Every problem the request alone shows
   * (repeated, missing, malformed) is reported at once, in one invalid_request.
   */
  parse<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>): z.output<z.ZodObject<Shape>> {
    const problems = this.problemsWith(schema);
    if (problems.errors.length > 0) throw invalidRequest(problems.errors.join("; "));
    return problems.data!;
  }

  /** Like parse, without throwing: the parsed values, or the problems in words. */
  problemsWith<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>): { data?: z.output<z.ZodObject<Shape>>; errors: string[] } {
    const errors: string[] = [];
    const input: Record<string, string | string[] | undefined> = {};
    const repeated = new Set<string>();
    for (const name of Object.keys(schema.shape)) {
      if (REPEATABLE_PARAMETERS.has(name)) input[name] = this.all(name);
      else if (this.isRepeated(name)) {
        repeated.add(name);
        errors.push(`${name} was sent more than once; send each parameter once`);
      } else input[name] = this.peek(name);
    }
    const result = schema.safeParse(input);
    if (result.success) return errors.length > 0 ? { errors } : { data: result.data, errors };
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? "");
      if (!repeated.has(name)) errors.push(issue.message);
    }
    return { errors };
  }
}

/** A parameter that must be present (RFC 6749 §3.1: empty counts as omitted); the hint says what to send. */
export function requiredParam(name: string, hint?: string) {
  return z.string({ error: `${name} is missing${hint ? `: ${hint}` : ""}` }).refine((v) => !hasControlCharacters(v), { error: `${name} contains control characters` });
}

/** A parameter that may be absent; like every protocol parameter, without control characters. */
export const optionalParam = (name = "a parameter") => z.string().refine((v) => !hasControlCharacters(v), { error: `${name} contains control characters` }).optional();

/** A parameter that may repeat (REPEATABLE_PARAMETERS): its values, none when absent; without control characters. */
export const repeatedParam = (name: string) =>
  z.array(z.string()).refine((values) => values.every((v) => !hasControlCharacters(v)), { error: `${name} contains control characters` });
