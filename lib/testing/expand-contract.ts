/**
 * Reads migration SQL for what the previous release's code could not live with while both
 * releases serve one database during a rolling upgrade (docs/DEPLOYMENT.md, "Upgrading"): a
 * table or column it reads taken away or renamed, a column's type changed, a column it may leave
 * empty made NOT NULL, a NOT NULL column it does not know how to fill, a unique index its
 * upserts name, a trigger or function it relies on. Whatever it cannot read it reports too, so
 * nothing new passes unread. New tables, and anything done to a table made in the same
 * migration, are invisible to the previous release.
 *
 * It follows the schema from migration to migration (`Schema`), so it also reads the way
 * Prisma changes a SQLite table (SQLite cannot alter a column): a copy `new_<table>` is made,
 * filled, the table dropped and the copy renamed; what counts is the difference between the
 * two tables.
 */

type Column = { type: string; notNull: boolean; hasDefault: boolean };

export type Schema = {
  tables: Map<string, Map<string, Column>>;
  /** Unique indexes by name, with their table. */
  uniqueIndexes: Map<string, string>;
};

export function emptySchema(): Schema {
  return { tables: new Map(), uniqueIndexes: new Map() };
}

/** The statements of a script, without comments, on one line each; semicolons in quotes and comments are not ends. */
export function statements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
      current += " ";
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 1;
      current += " ";
    } else if (c === "'" || c === '"') {
      // E'...' strings (PostgreSQL) take backslash escapes; any quote is doubled to escape it.
      const backslashes = c === "'" && /[eE]$/.test(current);
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (backslashes && sql[j] === "\\") j++;
        else if (sql[j] === c && sql[j + 1] === c) j++;
        else if (sql[j] === c) break;
      }
      current += sql.slice(i, j + 1);
      i = j;
    } else if (c === ";") {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => s !== "");
}

/** Splits at the commas outside parentheses and quotes. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/** An identifier, quoted or not, optionally after its schema ("public"."User"). */
const IDENT = String.raw`(?:(?:"[^"]+"|\w+)\.)?(?:"[^"]+"|\w+)`;
const unquote = (ident: string) => {
  const last = ident.match(/(?:"([^"]+)"|(\w+))$/)!;
  return last[1] ?? last[2]!;
};

const CONSTRAINT_START = /^(CONSTRAINT|PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK|EXCLUDE)\b/i;

/** A column definition: `"name" TYPE [NOT NULL] [DEFAULT ...] ...`. */
function column(definition: string): [string, Column] {
  const m = new RegExp(`^(${IDENT}) (.*)$`, "i").exec(definition);
  if (!m) throw new Error(`unreadable column: ${definition}`);
  const rest = m[2]!;
  const type = rest.split(/ (?=NOT\b|NULL\b|DEFAULT\b|PRIMARY\b|REFERENCES\b|UNIQUE\b|CHECK\b|CONSTRAINT\b|GENERATED\b|COLLATE\b)/i)[0]!.toUpperCase();
  return [
    unquote(m[1]!),
    {
      type,
      notNull: /\bNOT NULL\b|\bPRIMARY KEY\b/i.test(rest),
      hasDefault: /\bDEFAULT\b|\bAUTOINCREMENT\b|\bGENERATED\b/i.test(rest) || /^(SMALL|BIG)?SERIAL\b/.test(type),
    },
  ];
}

const q = (name: string) => `"${name}"`;

/**
 * What the statements of one migration do that the previous release could not live with, each
 * said in a few words; applies the migration to `schema` as it reads it.
 */
export function breakingChanges(sql: string, schema: Schema): string[] {
  const found: string[] = [];
  /** Tables this migration made: the previous release knows nothing of them. */
  const madeHere = new Set<string>();
  /** Objects dropped, by kind and name; one made again under its name by the end of the migration was replaced. */
  const dropped = new Map<string, string>();
  const known = (table: string) => schema.tables.has(table) && !madeHere.has(table);

  for (const statement of statements(sql)) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^CREATE (?:TEMP(?:ORARY)? )?TABLE (?:IF NOT EXISTS )?(${IDENT}) \\((.*)\\)$`, "i").exec(statement))) {
      const table = unquote(m[1]!);
      const columns = new Map(topLevelParts(m[2]!).filter((part) => !CONSTRAINT_START.test(part)).map(column));
      schema.tables.set(table, columns);
      madeHere.add(table);
    } else if ((m = new RegExp(`^DROP TABLE (?:IF EXISTS )?(${IDENT})(?: CASCADE| RESTRICT)?$`, "i").exec(statement))) {
      const table = unquote(m[1]!);
      const copy = schema.tables.get(`new_${table}`);
      for (const [index, on] of schema.uniqueIndexes) {
        if (on !== table) continue;
        schema.uniqueIndexes.delete(index);
        // Dropped with its table; a copy replacing the table must make it again.
        if (copy) dropped.set(`unique index ${q(index)}`, `drops unique index ${q(index)} of ${q(table)}`);
      }
      if (copy) continue; // the copy replaces it when renamed (below)
      if (known(table)) found.push(`drops table ${q(table)}`);
      schema.tables.delete(table);
    } else if ((m = new RegExp(`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(${IDENT}) RENAME TO (${IDENT})$`, "i").exec(statement))) {
      const [from, to] = [unquote(m[1]!), unquote(m[2]!)];
      const renamed = schema.tables.get(from) ?? new Map<string, Column>();
      const original = schema.tables.get(to);
      if (from === `new_${to}` && original) {
        // The copy takes the table's place: the previous release now reads the copy.
        if (known(to)) found.push(...tableChanges(to, original, renamed));
      } else {
        if (known(from)) found.push(`renames table ${q(from)} to ${q(to)}`);
        if (madeHere.has(from)) madeHere.add(to);
      }
      schema.tables.set(to, renamed);
      schema.tables.delete(from);
      madeHere.delete(from);
    } else if ((m = new RegExp(`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(${IDENT}) (.*)$`, "i").exec(statement))) {
      const table = unquote(m[1]!);
      const columns = schema.tables.get(table) ?? new Map<string, Column>();
      for (const action of topLevelParts(m[2]!)) found.push(...columnChange(table, columns, action, known(table)));
    } else if ((m = new RegExp(`^CREATE (UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?(${IDENT}) ON (?:ONLY )?(${IDENT})`, "i").exec(statement))) {
      const index = unquote(m[2]!);
      if (m[1]) {
        schema.uniqueIndexes.set(index, unquote(m[3]!));
        dropped.delete(`unique index ${q(index)}`);
      }
    } else if ((m = new RegExp(`^DROP INDEX (?:CONCURRENTLY )?(?:IF EXISTS )?(${IDENT})`, "i").exec(statement))) {
      const index = unquote(m[1]!);
      const table = schema.uniqueIndexes.get(index);
      if (table !== undefined && known(table)) dropped.set(`unique index ${q(index)}`, `drops unique index ${q(index)} of ${q(table)}`);
      schema.uniqueIndexes.delete(index);
    } else if ((m = new RegExp(`^DROP (VIEW|MATERIALIZED VIEW|FUNCTION|PROCEDURE|TRIGGER|TYPE|DOMAIN|SEQUENCE|SCHEMA|EXTENSION) (?:IF EXISTS )?(${IDENT})`, "i").exec(statement))) {
      const kind = m[1]!.toLowerCase();
      dropped.set(`${kind} ${q(unquote(m[2]!))}`, `drops ${kind} ${q(unquote(m[2]!))}`);
    } else if ((m = new RegExp(`^CREATE (?:OR REPLACE )?(VIEW|MATERIALIZED VIEW|FUNCTION|PROCEDURE|TRIGGER|TYPE|DOMAIN|SEQUENCE|SCHEMA|EXTENSION) (?:IF NOT EXISTS )?(${IDENT})`, "i").exec(statement))) {
      dropped.delete(`${m[1]!.toLowerCase()} ${q(unquote(m[2]!))}`);
    } else if (/^(INSERT|UPDATE|DELETE|PRAGMA|COMMENT ON|SELECT|ANALYZE|ALTER TYPE \S+ ADD VALUE)\b/i.test(statement)) {
      // Rows and settings: the previous release reads them as it always did.
    } else {
      found.push(`a statement this check cannot read: ${statement.slice(0, 80)}`);
    }
  }
  return [...found, ...dropped.values()];
}

/** A table the previous release knows, replaced by a copy (SQLite): what the copy lacks or tightens. */
function tableChanges(table: string, before: Map<string, Column>, after: Map<string, Column>): string[] {
  const found: string[] = [];
  for (const [name, old] of before) {
    const now = after.get(name);
    const col = `${q(table)}.${q(name)}`;
    if (!now) found.push(`drops column ${col}`);
    else {
      if (now.type !== old.type) found.push(`changes the type of ${col} from ${old.type} to ${now.type}`);
      if (now.notNull && !old.notNull) found.push(`makes ${col} NOT NULL`);
      if (now.notNull && old.hasDefault && !now.hasDefault) found.push(`drops the DEFAULT of NOT NULL column ${col}`);
    }
  }
  for (const [name, now] of after) if (!before.has(name) && now.notNull && !now.hasDefault) found.push(`adds NOT NULL column ${q(table)}.${q(name)} without a DEFAULT`);
  return found;
}

/** One action of an ALTER TABLE; `known`: the previous release uses the table. */
function columnChange(table: string, columns: Map<string, Column>, action: string, known: boolean): string[] {
  let m: RegExpExecArray | null;
  const col = (name: string) => `${q(table)}.${q(unquote(name))}`;
  const report = (finding: string) => (known ? [finding] : []);
  if ((m = new RegExp(`^ADD (?!CONSTRAINT\\b|PRIMARY KEY\\b|FOREIGN KEY\\b|UNIQUE\\b|CHECK\\b|EXCLUDE\\b)(?:COLUMN )?(?:IF NOT EXISTS )?(.*)$`, "i").exec(action))) {
    const [name, added] = column(m[1]!);
    columns.set(name, added);
    return added.notNull && !added.hasDefault ? report(`adds NOT NULL column ${col(name)} without a DEFAULT`) : [];
  }
  if ((m = new RegExp(`^DROP (?!CONSTRAINT\\b)(?:COLUMN )?(?:IF EXISTS )?(${IDENT})(?: CASCADE| RESTRICT)?$`, "i").exec(action))) {
    columns.delete(unquote(m[1]!));
    return report(`drops column ${col(m[1]!)}`);
  }
  if ((m = new RegExp(`^RENAME (?:COLUMN )?(${IDENT}) TO (${IDENT})$`, "i").exec(action)) && !/^RENAME CONSTRAINT\b/i.test(action)) {
    const moved = columns.get(unquote(m[1]!));
    columns.delete(unquote(m[1]!));
    if (moved) columns.set(unquote(m[2]!), moved);
    return report(`renames column ${col(m[1]!)} to ${q(unquote(m[2]!))}`);
  }
  if ((m = new RegExp(`^ALTER (?:COLUMN )?(${IDENT}) (.*)$`, "i").exec(action))) {
    const name = unquote(m[1]!);
    const change = m[2]!;
    const current = columns.get(name) ?? { type: "", notNull: false, hasDefault: false };
    columns.set(name, current);
    if (/^(SET DATA )?TYPE\b/i.test(change)) return report(`changes the type of ${col(name)}`);
    if (/^SET NOT NULL$/i.test(change)) {
      current.notNull = true;
      return report(`makes ${col(name)} NOT NULL`);
    }
    if (/^DROP NOT NULL$/i.test(change)) return ((current.notNull = false), []);
    if (/^SET DEFAULT\b/i.test(change)) return ((current.hasDefault = true), []);
    if (/^DROP DEFAULT$/i.test(change)) {
      current.hasDefault = false;
      return current.notNull ? report(`drops the DEFAULT of NOT NULL column ${col(name)}`) : [];
    }
  }
  // A primary key or unique constraint (Prisma names them <table>_pkey, <table>_<columns>_key) is
  // what the previous release's upserts name in ON CONFLICT.
  if ((m = new RegExp(`^DROP CONSTRAINT (?:IF EXISTS )?(${IDENT})`, "i").exec(action)) && /_p?key$/.test(unquote(m[1]!))) {
    return report(`drops constraint ${q(unquote(m[1]!))} of ${q(table)}`);
  }
  // Other constraints come and go without taking anything the previous release reads or writes.
  if (/^(ADD (CONSTRAINT|PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK)|DROP CONSTRAINT|VALIDATE CONSTRAINT|RENAME CONSTRAINT)\b/i.test(action)) return [];
  return [`an ALTER TABLE action this check cannot read: ${action.slice(0, 80)}`];
}
