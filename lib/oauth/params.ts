import { invalidRequest } from "@/lib/oauth/errors";

/**
 * Request parameters by RFC 6749 §3.1 and §3.2: a parameter sent without a value counts as
 * omitted, a parameter sent more than once is invalid_request, unknown ones are ignored
 * (a repeated unknown parameter is never looked at, so it is ignored too).
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

  /** The parameter's value; undefined when absent or empty. Throws invalid_request when repeated. */
  get(name: string): string | undefined {
    const list = this.values.get(name);
    if (!list) return undefined;
    if (list.length > 1) throw invalidRequest(`${name} was sent more than once; send each parameter once`);
    return list[0] === "" ? undefined : list[0];
  }

  /** The parameter's value, or invalid_request naming it. */
  require(name: string, hint = ""): string {
    const value = this.get(name);
    if (value === undefined) throw invalidRequest(`${name} is missing${hint ? `: ${hint}` : ""}`);
    return value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** True when the parameter was sent more than once (to decide without throwing). */
  isRepeated(name: string): boolean {
    return (this.values.get(name)?.length ?? 0) > 1;
  }
}
