/**
 * Event claims in memory: for tests. Honours the EventMarkers contract
 * (test/contract/event-markers.contract.ts runs against it and the DynamoDB store alike).
 */
import { randomUUID } from 'node:crypto';
import type { EventClaim, EventMarkers } from '../../ports/index.ts';
import { EVENT_LEASE_MS, EVENT_MARKER_TTL_SECONDS } from '../dynamodb/event-markers.ts';

interface Marker {
  status: 'pending' | 'done';
  leaseId?: string;
  leaseUntilMs?: number;
  completedLease?: string;
  /** Epoch seconds, as the DynamoDB TTL attribute. */
  expiresAt: number;
}

export class MemoryEventMarkers implements EventMarkers {
  private readonly markers = new Map<string, Marker>();

  constructor(private readonly leaseMs = EVENT_LEASE_MS) {}

  async claim(eventId: string, nowMs: number): Promise<EventClaim> {
    const now = Math.floor(nowMs / 1000);
    const m = this.markers.get(eventId);
    // An expired marker counts as absent; so does a lease whose holder never finished.
    if (!m || m.expiresAt < now || (m.status === 'pending' && (m.leaseUntilMs ?? 0) < nowMs)) {
      const lease = randomUUID();
      this.markers.set(eventId, { status: 'pending', leaseId: lease, leaseUntilMs: nowMs + this.leaseMs, expiresAt: now + EVENT_MARKER_TTL_SECONDS });
      return { state: 'claimed', lease };
    }
    return m.status === 'pending' ? { state: 'busy' } : { state: 'done' };
  }

  async complete(eventId: string, lease: string, _nowMs: number): Promise<boolean> {
    const m = this.markers.get(eventId);
    if (!m || (m.leaseId !== lease && m.completedLease !== lease)) return false;
    this.markers.set(eventId, { status: 'done', completedLease: lease, expiresAt: m.expiresAt });
    return true;
  }

  async release(eventId: string, lease: string): Promise<void> {
    if (this.markers.get(eventId)?.leaseId === lease) this.markers.delete(eventId);
  }
}
