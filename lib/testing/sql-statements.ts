import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The server's SQL read from its source and checked against the Prisma schema, the single source
 * of the tables: every table a statement names must be one of the schema's, and every column it
 * names one of those tables' (a column qualified by an alias, of that alias's table). A statement
 * is a string or template literal of lib/db; a template's `${CONSTANT}` is the same file's
 * constant, any other substitution a fragment checked on its own. A quoted identifier made by a
 * substitution ("${table}") cannot be checked, and is reported as such.
 */

export type Schema = ReadonlyMap<string, ReadonlySet<string>>;

/** Tables (a model's name, or its @@map) and their columns (scalar fields) from schema.prisma. */
export function schemaTables(prismaSchema: string): Schema {
  const blocks = [...prismaSchema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const models = new Set(blocks.map((m) => m[1]!));
  const tables = new Map<string, Set<string>>();
  for (const [, model, body] of blocks) {
    const columns = new Set<string>();
    for (const field of body!.matchAll(/^\s+(\w+)\s+(\w+)(\[\])?\??/gm)) {
      if (!models.has(field[2]!)) columns.add(field[1]!);
    }
    const mapped = /@@map\("([^"]+)"\)/.exec(body!)?.[1];
    tables.set(mapped ?? model!, columns);
  }
  return tables;
}

export type SqlText = { file: string; line: number; text: string };

const SQL_HINT = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|JOIN|ORDER BY|RETURNING|ON CONFLICT)\b|"\w+"\s*(=|IN \(|IS |LIKE|<|>)|\b\w+\."\w+"/;

/** Every literal of the file that reads as SQL, with the same file's constants put in where a template uses them. */
export function sqlTextsOf(file: string, source: string): SqlText[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, string>();
  const found: { node: ts.Node; text: string }[] = [];
  const textOf = (node: ts.Node): string | null => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      return (
        node.head.text +
        node.templateSpans
          .map((span) => {
            const inlined = ts.isIdentifier(span.expression) ? constants.get(span.expression.text) : undefined;
            // Any other substitution is a fragment of its own (checked where it is written) or a list of placeholders.
            return `${inlined ?? "\u0000"}${span.literal.text}`;
          })
          .join("")
      );
    }
    return null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const text = textOf(node.initializer);
      if (text !== null) constants.set(node.name.text, text);
    }
    const text = textOf(node);
    if (text !== null) found.push({ node, text });
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  return found
    .filter(({ text }) => SQL_HINT.test(text))
    .map(({ node, text }) => ({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text }));
}

const KEYWORDS = new Set(
  "select insert update delete from where join left inner on and or not in is null as set values returning order by limit offset conflict do nothing exists group having union all distinct case when then else end into with excluded desc asc like coalesce count max min".split(" "),
);

/** What is wrong with one statement against the schema: unknown tables, unknown columns, identifiers made by a substitution. */
export function problemsOf(sql: string, schema: Schema): string[] {
  const problems: string[] = [];
  const text = sql.replace(/'(?:[^']|'')*'/g, "''");
  if ([...text.matchAll(/"([^"]*)"/g)].some((m) => m[1]!.includes("\u0000"))) problems.push("a quoted identifier is made by a substitution: it cannot be checked");
  // Tables: after FROM, JOIN, INTO, UPDATE (and their aliases, `"Table" t` or `"Table" AS t`).
  const aliases = new Map<string, string>();
  const named = new Set<string>();
  const tableReferences = new Set<string>();
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"(?:\s+(?:AS\s+)?([a-z]\w*))?/gi)) {
    const table = m[1]!;
    tableReferences.add(table);
    if (!schema.has(table)) {
      problems.push(`no table "${table}"`);
      continue;
    }
    named.add(table);
    aliases.set(table, table);
    const alias = m[2];
    if (alias && !KEYWORDS.has(alias.toLowerCase())) aliases.set(alias, table);
  }
  const columnsOf = (tables: Iterable<string>) => new Set([...tables].flatMap((t) => [...(schema.get(t) ?? [])]));
  const inStatement = columnsOf(named.size > 0 ? named : schema.keys());
  // Aliases given to results ("AS "name"") are the statement's own names, not columns.
  const own = new Set([...text.matchAll(/\bAS\s+"(\w+)"/gi)].map((m) => m[1]!));
  for (const m of text.matchAll(/(?:\b(\w+)\.)?"(\w+)"(\.)?/g)) {
    const [, qualifier, name, qualifies] = m;
    if (qualifies || own.has(name!) || schema.has(name!) || tableReferences.has(name!)) continue;
    if (qualifier === "excluded") {
      if (!inStatement.has(name!)) problems.push(`no column "${name}" in ${[...named].join(", ")}`);
      continue;
    }
    if (qualifier && named.size === 0) {
      // A fragment (a column list, a condition) whose aliases are its statement's: of some table.
      if (!inStatement.has(name!)) problems.push(`no column "${name}" in any table`);
      continue;
    }
    if (qualifier) {
      const table = aliases.get(qualifier);
      if (!table) problems.push(`"${name}" qualified by ${qualifier}, which names no table of the statement`);
      else if (!schema.get(table)!.has(name!)) problems.push(`no column "${name}" in "${table}"`);
      continue;
    }
    if (!inStatement.has(name!)) problems.push(named.size > 0 ? `no column "${name}" in ${[...named].map((t) => `"${t}"`).join(", ")}` : `no column "${name}" in any table`);
  }
  // A qualified table's column: "Table"."column".
  for (const m of text.matchAll(/"(\w+)"\."(\w+)"/g)) {
    if (schema.has(m[1]!) && !schema.get(m[1]!)!.has(m[2]!)) problems.push(`no column "${m[2]}" in "${m[1]}"`);
  }
  return problems;
}

/** The source files of a folder that the server runs (tests and generated code left out). */
export function serverSources(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (/\.test\.tsx?$/.test(name) || name === "generated") return [];
    if (statSync(path.join(root, relative)).isDirectory()) return serverSources(root, relative);
    return /\.tsx?$/.test(name) ? [relative] : [];
  });
}

export function readSqlTexts(root: string, files: readonly string[]): SqlText[] {
  return files.flatMap((file) => sqlTextsOf(file, readFileSync(path.join(root, file), "utf8")));
}
