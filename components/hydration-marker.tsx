"use client";

import { useEffect } from "react";

/** Marks the page interactive (html[data-hydrated]) once React has hydrated it; browser tests wait for it. */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
