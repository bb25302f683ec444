import { Fragment } from "react";

/** A URL that may break after its slashes, dots and query separators, never inside a word. */
export function BreakableUrl({ url }: { url: string }) {
  const parts = url.split(/(?<=[/.?&=])/);
  return (
    <span>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </span>
  );
}
