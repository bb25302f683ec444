// The package names index.d.ts as its types but ships them as index.ts.d.
declare module "unicode-confusables" {
  /** Each code point replaced by its prototype from UTS #39 confusables.txt; zero-width spaces removed. */
  export function rectifyConfusion(input: string): string;
}
