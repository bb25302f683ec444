/** A file imported with ?raw is its text: Turbopack's "raw" module type (next.config.ts), Vite's own ?raw in the tests. */
declare module "*?raw" {
  const text: string;
  export default text;
}
