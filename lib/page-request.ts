// What a request to a page would make Next answer with a 500, refused before Next reads it.
// proxy.ts calls it for every page request. Next reads a page's POST as a server action when it
// carries Next-Action (an action called from JavaScript) or is multipart/form-data (a form sent
// without JavaScript may be one) and, on the way, throws on an Origin it cannot parse or does not
// trust, on arguments the action cannot take, and on bound arguments no form here has.
import { extractInfoFromServerReferenceId, mightBeServerReferenceId } from "next/dist/shared/lib/server-reference-info";

export type PageRefusal = { status: 400 | 403; reason: string };

/**
 * What an action's arguments look like on the wire, as React's encodeReply writes them: the
 * root row (the whole body, or the multipart field "0") lists the arguments, and a FormData
 * argument is a reference (`$K1`) to the fields after it. Every server action here takes one
 * form or nothing: Next's client sends only the arguments an action reads, which the first byte
 * of its ID records (server-reference-info.ts).
 */
const ONE_FORM = '["$K1"]';
const NOTHING = "[]";
/** The field of a form sent without JavaScript that carries an action's bound arguments: no form here binds any. */
const BOUND_ARGUMENTS = "$ACTION_REF_";

export async function refusedPageRequest(request: Request): Promise<PageRefusal | null> {
  if (request.method !== "POST") return null;
  const actionId = request.headers.get("next-action");
  const multipart = /^multipart\/form-data/i.test(request.headers.get("content-type") ?? "");
  if (actionId === null && !multipart) return null;

  const origin = untrustedOrigin(request.headers);
  if (origin) return origin;

  let form: FormData | null = null;
  if (multipart) {
    try {
      form = await request.clone().formData();
    } catch {
      return { status: 400, reason: "the form's body could not be read as multipart/form-data" };
    }
  }
  if (actionId === null) {
    if (form && [...form.keys()].some((key) => key.startsWith(BOUND_ARGUMENTS))) {
      return { status: 400, reason: "the form carries bound arguments, which no form of this site sends" };
    }
    return null;
  }
  // An ID Next cannot have made it answers itself (404, with its "action not found" header).
  if (!mightBeServerReferenceId(actionId)) return null;
  const { usedArgs, hasRestArgs } = extractInfoFromServerReferenceId(actionId);
  const expected = usedArgs[0] && !hasRestArgs && !usedArgs.slice(1).some(Boolean) ? ONE_FORM : NOTHING;
  const root = form ? form.get("0") : await request.clone().text();
  // A form comes in a multipart body: in a text one, `$K1` would be an empty form Next made up.
  if (root !== expected || (expected === ONE_FORM && !form)) {
    return { status: 400, reason: expected === ONE_FORM ? "this action takes one form, sent as multipart/form-data" : "this action takes no arguments" };
  }
  return null;
}

/**
 * Next's check against cross-site actions (action-handler.ts): an Origin, when sent, must name
 * the host the request was sent to (the first X-Forwarded-Host, or Host). Next throws on one it
 * cannot parse and on one it does not trust; here they are 400 and 403. No Origin passes, as in
 * Next: browsers send one with every POST, so its absence is no browser's request.
 */
function untrustedOrigin(headers: Headers): PageRefusal | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  let originHost: string;
  if (origin === "null") {
    originHost = "null";
  } else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return { status: 400, reason: "the Origin header is not a URL" };
    }
  }
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (originHost !== host) return { status: 403, reason: "forms of this site can only be sent from its own pages" };
  return null;
}
