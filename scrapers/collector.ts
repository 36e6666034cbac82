// Collects the mentions of one run: collapses duplicates inside the run (same id, same url, or the
// same text from the same author), recognises ids seen in earlier runs (SourceState.lastSeenIds),
// counts skipped items with their reason, and stops at the limit.
import { createHash } from 'node:crypto';
import type { RawMention, SourceState } from '../src/core/types.js';

/** How many recent ids a source remembers between runs. */
export const MAX_SEEN_IDS = 1000;

export type AcceptResult = 'new' | 'duplicate' | 'seen' | 'full';

export interface Collector {
  readonly mentions: RawMention[];
  readonly skipped: { reason: string; detail?: string }[];
  /** Mentions already known from earlier runs. */
  known: number;
  /**
   * Offers a mention. `urlIsItem: false` says the url is the page's, shared by several items
   * (a review without its own permalink), so it must not collapse them.
   */
  accept(m: RawMention, opts?: { urlIsItem?: boolean }): AcceptResult;
  skip(reason: string, detail?: string): void;
  full(): boolean;
  nextState(base: SourceState, extra?: Partial<SourceState>): SourceState;
}

function fingerprint(m: RawMention): string | undefined {
  const who = m.author?.handle ?? m.author?.name;
  if (!who || !m.text) return undefined;
  return createHash('sha1').update(`${who.toLowerCase()}\u0000${m.text.replace(/\s+/g, ' ').trim().toLowerCase()}`).digest('base64');
}

export function createCollector(state: SourceState, limit = Infinity): Collector {
  const seenBefore = new Set(state.lastSeenIds ?? []);
  const ids = new Set<string>();
  const urls = new Set<string>();
  const prints = new Set<string>();
  const mentions: RawMention[] = [];
  const skipped: { reason: string; detail?: string }[] = [];
  let newest = state.lastSeenAt;
  const c: Collector = {
    mentions,
    skipped,
    known: 0,
    accept(m, opts) {
      const itemUrl = opts?.urlIsItem === false ? undefined : m.url;
      if (ids.has(m.externalId) || (itemUrl && urls.has(itemUrl))) return dup(m);
      const fp = fingerprint(m);
      if (fp && prints.has(fp)) return dup(m);
      ids.add(m.externalId);
      if (itemUrl) urls.add(itemUrl);
      if (fp) prints.add(fp);
      if (m.publishedAt && (!newest || m.publishedAt > newest)) newest = m.publishedAt;
      if (seenBefore.has(m.externalId)) {
        c.known++;
        return 'seen';
      }
      if (mentions.length >= limit) return 'full';
      mentions.push(m);
      return 'new';
    },
    skip(reason, detail) {
      skipped.push(detail === undefined ? { reason } : { reason, detail: detail.slice(0, 300) });
    },
    full: () => mentions.length >= limit,
    nextState(base, extra = {}) {
      const fresh = mentions.map((m) => m.externalId);
      const freshSet = new Set(fresh);
      const merged = [...fresh, ...(base.lastSeenIds ?? []).filter((id) => !freshSet.has(id))].slice(0, MAX_SEEN_IDS);
      const out: SourceState = { ...base, ...extra, lastSeenIds: merged };
      if (newest) out.lastSeenAt = newest;
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return out;
    },
  };
  function dup(m: RawMention): AcceptResult {
    c.skip('duplicate', m.externalId);
    return 'duplicate';
  }
  return c;
}
