/**
 * Text that people type and others read (app names, descriptions, display names): what the
 * consent screen shows must be what it seems. Unicode format characters (bidi overrides,
 * zero-width joiners and spaces: category Cf) are refused, compatibility forms are folded
 * (NFKC: "Ｇａｔｅｈｏｕｓｅ" is "Gatehouse"), and the product's own name is reserved where a
 * name could pose as it ("by Gatehouse Security").
 */
const FORMAT_CHARACTERS = /\p{Cf}/u;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * C0 controls and DEL: nothing people type into a single-line field holds them, and PostgreSQL
 * refuses NUL in text. Multi-line text (descriptions, reasons, notes) may hold line breaks.
 */
export function hasControlCharacters(value: string, options: { lineBreaks?: boolean } = {}): boolean {
  return (options.lineBreaks ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS).test(value);
}
const PRODUCT_NAME = "gatehouse";

/** The form a value is stored in. */
export function normalizeText(value: string): string {
  return value.normalize("NFKC");
}

export function hasFormatCharacters(value: string): boolean {
  return FORMAT_CHARACTERS.test(value);
}

/** True when the value spells the product's name, whatever the case, spacing or punctuation between its letters. */
export function claimsProductName(value: string): boolean {
  return neutralize(value)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "")
    .includes(PRODUCT_NAME);
}

/** A stored value as it may be shown: folded, without format characters (values stored before these rules). */
export function neutralize(value: string): string {
  return value.normalize("NFKC").replace(/\p{Cf}/gu, "");
}

export const FORMAT_CHARACTER_MESSAGE = "cannot contain invisible formatting characters (such as direction overrides or zero-width spaces)";
export const RESERVED_NAME_MESSAGE = "cannot use the name Gatehouse: it is reserved for this service";
