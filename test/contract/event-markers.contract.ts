/**
 * The EventMarkers contract (each event id takes effect once; a claim is a lease), run against the
 * DynamoDB markers (on DynamoDB Local) and the in-memory ones (event-markers.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_LEASE_MS, EVENT_MARKER_TTL_SECONDS } from '../../functions/adapters/dynamodb/event-markers.ts';
import type { EventClaim, EventMarkers } from '../../functions/ports/index.ts';

const T0 = Date.parse('2026-11-26T01:00:00Z');
const lease = (c: EventClaim) => {
  if (c.state !== 'claimed') throw new Error(`expected a claim, got ${c.state}`);
  return c.lease;
};

export function eventMarkersContract(name: string, makeMarkers: () => Promise<EventMarkers>): void {
  describe(`EventMarkers contract: ${name}`, () => {
    let markers: EventMarkers;
    beforeAll(async () => {
      markers = await makeMarkers();
    });

    it('a live lease is busy, a finished one is done for the marker’s lifetime', async () => {
      const l = lease(await markers.claim('ev-a', T0));
      expect(await markers.claim('ev-a', T0 + 1000)).toEqual({ state: 'busy' });
      expect(await markers.complete('ev-a', l, T0 + 1000)).toBe(true);
      expect(await markers.claim('ev-a', T0 + 7 * 3600_000)).toEqual({ state: 'done' });
      // Once the marker has expired, the id counts as new (TTL deletion lags).
      expect((await markers.claim('ev-a', T0 + (EVENT_MARKER_TTL_SECONDS + 1) * 1000)).state).toBe('claimed');
    });

    it('a lease whose holder never finished is taken over once it expires; only the holder finishes or drops it', async () => {
      const dead = lease(await markers.claim('ev-b', T0));
      expect(await markers.claim('ev-b', T0 + EVENT_LEASE_MS - 1)).toEqual({ state: 'busy' });
      const next = lease(await markers.claim('ev-b', T0 + EVENT_LEASE_MS + 1));
      expect(next).not.toBe(dead);
      expect(await markers.complete('ev-b', dead, T0 + EVENT_LEASE_MS + 2)).toBe(false);
      await markers.release('ev-b', dead);
      expect(await markers.claim('ev-b', T0 + EVENT_LEASE_MS + 3)).toEqual({ state: 'busy' });
      expect(await markers.complete('ev-b', next, T0 + EVENT_LEASE_MS + 3)).toBe(true);
      expect(await markers.claim('ev-b', T0 + EVENT_LEASE_MS + 4)).toEqual({ state: 'done' });
      // Lambda's retry of the same job completes it again; the dead holder's job still may not.
      expect(await markers.complete('ev-b', next, T0 + EVENT_LEASE_MS + 5)).toBe(true);
      expect(await markers.complete('ev-b', dead, T0 + EVENT_LEASE_MS + 6)).toBe(false);
    });

    it('a released lease can be claimed again at once; releasing a finished marker keeps it', async () => {
      const l = lease(await markers.claim('ev-c', T0));
      await markers.release('ev-c', l);
      const again = lease(await markers.claim('ev-c', T0 + 1));
      await markers.complete('ev-c', again, T0 + 2);
      await markers.release('ev-c', again);
      expect(await markers.claim('ev-c', T0 + 3)).toEqual({ state: 'done' });
    });

    it('completing or releasing an event nobody claimed does nothing', async () => {
      expect(await markers.complete('ev-never', 'some-lease', T0)).toBe(false);
      await markers.release('ev-never', 'some-lease');
      expect((await markers.claim('ev-never', T0)).state).toBe('claimed');
    });
  });
}
