import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * Where the server's code makes each error code, read from its source (the TypeScript parser,
 * no type checker): `new OAuthError("code", ...)`, a call to one of lib/oauth/errors.ts's helpers
 * (invalidRequest, invalidClient, ...), a call with a literal for a function's parameter named
 * `error` (userinfo's bearerError, the front's frontAnswer) or that parameter's default, and an
 * RFC 6749 §5.2 body written out ({ error: "code", error_description }).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE_DIRS = ["lib", "app", "server"];
/** Not the server's answers: generated clients, test helpers, the docs' examples of answers. */
const NOT_SERVER_CODE = ["lib/generated/", "lib/testing/", "lib/oauth/testing/", "lib/docs/"];
const ERRORS_MODULE = "lib/oauth/errors.ts";
const CODE_SHAPE = /^[a-z]+(?:_[a-z]+)*$/;

export type Site = { file: string; code: string };

export function serverSourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (NOT_SERVER_CODE.some((prefix) => `${rel}/`.startsWith(prefix))) continue;
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|\.d\.ts$/.test(entry.name)) files.push(rel);
    }
  };
  SOURCE_DIRS.forEach(walk);
  return files;
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true, kind);
    parsed.set(file, source);
  }
  return source;
}

function eachNode(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => eachNode(child, visit));
}

const literal = (node: ts.Node | undefined) => (node && ts.isStringLiteralLike(node) && CODE_SHAPE.test(node.text) ? node.text : undefined);
const calleeName = (call: ts.CallExpression) => (ts.isIdentifier(call.expression) ? call.expression.text : undefined);

/** errors.ts's exported helpers and the code each makes: `invalidRequest` -> invalid_request. */
export function errorHelpers(): Map<string, string> {
  const bodies = new Map<string, ts.Node>();
  for (const statement of parse(ERRORS_MODULE).statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) bodies.set(statement.name.text, statement.body);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && ts.isArrowFunction(d.initializer)) bodies.set(d.name.text, d.initializer.body);
    }
  }
  const helpers = new Map<string, string>();
  // A helper may make its error through another helper (scopesNeedApproval through invalidScope).
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, body] of bodies) {
      if (helpers.has(name)) continue;
      eachNode(body, (node) => {
        if (helpers.has(name)) return;
        const code =
          ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "OAuthError"
            ? literal(node.arguments?.[0])
            : ts.isCallExpression(node)
              ? helpers.get(calleeName(node) ?? "")
              : undefined;
        if (code) {
          helpers.set(name, code);
          grew = true;
        }
      });
    }
  }
  return helpers;
}

/** Every place in one file that makes an error code. */
export function sitesIn(file: string, helpers: ReadonlyMap<string, string>): Site[] {
  const source = parse(file);
  const codes: string[] = [];
  // Functions of this file with a parameter named `error`, and its position.
  const errorParameter = new Map<string, number>();
  eachNode(source, (node) => {
    if (!ts.isFunctionDeclaration(node) || !node.name) return;
    const at = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "error");
    if (at < 0) return;
    errorParameter.set(node.name.text, at);
    const fallback = literal(node.parameters[at]!.initializer);
    if (fallback) codes.push(fallback);
  });
  eachNode(source, (node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "OAuthError") {
      const code = literal(node.arguments?.[0]);
      if (code) codes.push(code);
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? "";
      const helper = helpers.get(name);
      const viaParameter = errorParameter.has(name) ? literal(node.arguments[errorParameter.get(name)!]) : undefined;
      for (const code of [helper, viaParameter]) if (code) codes.push(code);
    } else if (ts.isObjectLiteralExpression(node)) {
      const property = (key: string) => node.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === key);
      const error = property("error");
      if (error && property("error_description") && ts.isPropertyAssignment(error)) {
        const code = literal(error.initializer);
        if (code) codes.push(code);
      }
    }
  });
  return codes.map((code) => ({ file, code }));
}

/** Every place in the server's code that makes an error code (errors.ts's helpers count where they are called). */
export function errorSites(): Site[] {
  const helpers = errorHelpers();
  return serverSourceFiles()
    .filter((file) => file !== ERRORS_MODULE)
    .flatMap((file) => sitesIn(file, helpers));
}

/** The files a module loads, under the checkout ("@/x" and relative imports; not `import type`). */
export function importsOf(file: string): string[] {
  const found: string[] = [];
  for (const statement of parse(file).statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier) continue;
    if (ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly : statement.isTypeOnly) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.posix.join(path.posix.dirname(file), specifier) : null;
    if (base === null) continue;
    const resolved = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((candidate) => fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile());
    if (resolved) found.push(resolved);
  }
  return found;
}

/** The files these modules load, directly or not, without going into `stops`. */
export function closureOf(entries: readonly string[], stops: readonly string[] = []): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!stops.includes(file)) queue.push(...importsOf(file));
  }
  return seen;
}
