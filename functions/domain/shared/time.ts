/** Business time: Asia/Shanghai (UTC+8, no DST since 1991). Instants are stored in UTC. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Shanghai calendar date (YYYY-MM-DD) of a UTC instant, whatever the machine's time zone. */
export function shanghaiDate(instant: Date | string | number): string {
  const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function shanghaiYear(instant: Date | string | number): number {
  return Number(shanghaiDate(instant).slice(0, 4));
}
