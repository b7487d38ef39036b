/** How instants read in chat and in the printed manifest: Beijing time (fixed UTC+08:00, no DST since 1991). */

/** `2026-07-05T02:03:04.000Z` → `2026-07-05 10:03:04`; the input unchanged when it is not an instant. */
export function shanghaiDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (!/T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(instant) || !Number.isFinite(ms)) return instant;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
