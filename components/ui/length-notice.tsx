/** Where a field says that it reached its maxlength (see useLengthLimit); announced politely, invisible until then. */
export function LengthNotice({ id, notice }: { id: string; notice: string | null }) {
  return (
    <p id={id} aria-live="polite" className={notice ? "mt-1 text-xs text-amber-800" : "sr-only"}>
      {notice}
    </p>
  );
}
