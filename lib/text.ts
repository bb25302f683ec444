import { rectifyConfusion } from "unicode-confusables";

/**
 * Text that people type and others read (app, API and display names, descriptions, scope
 * descriptions): what the consent screen shows must be what it seems. Invisible characters are
 * refused, compatibility forms are folded (NFKC: "Ｇａｔｅｈｏｕｓｅ" is "Gatehouse"), and names
 * are compared by their UTS #39 confusable skeletons, so a look-alike ("Gаtehouse" with a
 * Cyrillic а) counts as the name it imitates.
 */

/**
 * Invisible characters: format characters (category Cf: zero-width joiners and spaces, the
 * soft hyphen), the bidi controls (UAX #9: direction overrides, isolates, marks) and every
 * Default_Ignorable_Code_Point (UAX #44 §5.3: a font draws nothing for them, so the Hangul
 * fillers U+3164 and U+FFA0, which are letters, and the variation selectors, which are marks,
 * pass the first two tests but not this one).
 */
const INVISIBLE_CHARACTER = /[\p{Cf}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLE_CHARACTERS = new RegExp(INVISIBLE_CHARACTER.source, "gu");
const DEFAULT_IGNORABLE_CODE_POINTS = /\p{Default_Ignorable_Code_Point}/gu;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * C0 controls and DEL: nothing people type into a single-line field holds them, and PostgreSQL
 * refuses NUL in text. Multi-line text (descriptions, reasons, notes) may hold line breaks.
 */
export function hasControlCharacters(value: string, options: { lineBreaks?: boolean } = {}): boolean {
  return (options.lineBreaks ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS).test(value);
}

/** The names no app or person may take, as they are written. */
const RESERVED_NAMES = ["Gatehouse"];

/** The form a value is stored in. */
export function normalizeText(value: string): string {
  return value.normalize("NFKC");
}

export function hasInvisibleCharacters(value: string): boolean {
  return INVISIBLE_CHARACTER.test(value);
}

/**
 * The UTS #39 §4 skeleton: two strings are confusable when their skeletons are equal. NFD,
 * without the default-ignorable code points, each character replaced by its prototype from
 * confusables.txt (Unicode 10.0.0, as the unicode-confusables package carries it), NFD again.
 * @see https://www.unicode.org/reports/tr39/#Confusable_Detection
 */
export function skeleton(value: string): string {
  return rectifyConfusion(value.normalize("NFD").replace(DEFAULT_IGNORABLE_CODE_POINTS, "")).normalize("NFD");
}

/**
 * The ways people may read a name, whatever its case: its UTS #39 skeleton after NFKC and lower
 * case (a skeleton keeps case: "I" becomes "l", "i" stays), and its skeleton as written,
 * lower-cased, then mapped again: a capital look-alike such as Greek Η is the H it imitates only
 * before lower case (η looks like n). Runs of white space are one space, as a browser shows them.
 */
function readingsOf(value: string): [string, string] {
  const text = normalizeText(value);
  const spaced = (s: string) => s.replace(/\s+/gu, " ").trim();
  return [spaced(skeleton(text.toLowerCase())), spaced(skeleton(skeleton(text).toLowerCase()))];
}

/**
 * True when the value spells a reserved name (the product's own), whatever the case, the
 * look-alike letters (UTS #39 skeletons), the accents, or the spacing and punctuation between
 * its letters: either reading of the value, letters and digits only, contains the same reading
 * of the reserved name.
 */
export function claimsProductName(value: string): boolean {
  const lettersOf = (s: string) => readingsOf(s).map((r) => r.replace(/[^\p{L}\p{N}]/gu, ""));
  const letters = lettersOf(value);
  return RESERVED_NAMES.some((name) => lettersOf(name).some((reserved, i) => letters[i]!.includes(reserved)));
}

/**
 * The first of `names` that people could not tell from `name`: one of its readings (its UTS #39
 * skeleton, whatever the case, with runs of white space as one space) is the same reading of
 * the other name. null when there is none.
 */
export function findLookAlike(name: string, names: readonly string[]): string | null {
  const readings = readingsOf(name);
  return names.find((other) => readingsOf(other).some((reading, i) => reading === readings[i])) ?? null;
}

/** A stored value as it may be shown: folded, without invisible characters (values stored before these rules). */
export function neutralize(value: string): string {
  return value.normalize("NFKC").replace(INVISIBLE_CHARACTERS, "");
}

export const INVISIBLE_CHARACTER_MESSAGE = "cannot contain invisible characters (such as direction overrides, zero-width spaces or fillers)";
export const RESERVED_NAME_MESSAGE = "cannot use the name Gatehouse: it is reserved for this service";
