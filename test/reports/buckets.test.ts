import { describe, expect, it } from 'vitest';
import { checkTimeZone, hourlyOffsets, offsetMinutes, planBuckets } from '../../src/reports/buckets.js';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('time-zone buckets', () => {
  it('knows offsets across DST in Madrid and New York', () => {
    expect(offsetMinutes('Europe/Madrid', t('2026-01-15T12:00:00Z'))).toBe(60);
    expect(offsetMinutes('Europe/Madrid', t('2026-07-15T12:00:00Z'))).toBe(120);
    expect(offsetMinutes('America/New_York', t('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(offsetMinutes('Asia/Kolkata', t('2026-07-15T12:00:00Z'))).toBe(330);
  });

  it('sampled hourly offsets equal per-hour offsets over a whole year', () => {
    for (const tz of ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'UTC']) {
      const start = t('2026-01-01T00:00:00Z');
      const hours = 366 * 24;
      const fast = hourlyOffsets(tz, start, hours);
      for (let i = 0; i < hours; i++) {
        if (fast[i] !== offsetMinutes(tz, start + i * H)) throw new Error(`${tz} hour ${i}: ${fast[i]} vs ${offsetMinutes(tz, start + i * H)}`);
      }
    }
  });

  it('a spring-forward day in Madrid is 23 hours, an autumn one 25', () => {
    const spring = planBuckets(t('2026-03-28T12:00:00Z'), t('2026-03-30T12:00:00Z'), 'day', 'Europe/Madrid');
    expect(spring.buckets.map((b) => [b.label, b.hours])).toEqual([
      ['2026-03-28T00:00:00+01:00', 24],
      ['2026-03-29T00:00:00+01:00', 23],
      ['2026-03-30T00:00:00+02:00', 24],
    ]);
    expect(new Date(spring.from).toISOString()).toBe('2026-03-27T23:00:00.000Z');
    expect(new Date(spring.buckets[1]!.end).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // An hour just before local midnight (UTC 22:30 on the 29th is 00:30 on the 30th in CEST).
    expect(spring.indexOf(t('2026-03-29T21:00:00Z'))).toBe(1);
    expect(spring.indexOf(t('2026-03-29T22:00:00Z'))).toBe(2);

    const autumn = planBuckets(t('2026-10-25T05:00:00Z'), t('2026-10-25T06:00:00Z'), 'day', 'Europe/Madrid');
    expect(autumn.buckets).toHaveLength(1);
    expect(autumn.buckets[0]!.hours).toBe(25);
    expect(autumn.buckets[0]!.label).toBe('2026-10-25T00:00:00+02:00');
  });

  it('hour buckets keep the repeated autumn hour as two buckets with their offsets', () => {
    const p = planBuckets(t('2026-10-24T23:00:00Z'), t('2026-10-25T03:00:00Z'), 'hour', 'Europe/Madrid');
    expect(p.buckets.map((b) => b.label)).toEqual([
      '2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00',
    ]);
  });

  it('week buckets start on local Monday and include the DST change', () => {
    const p = planBuckets(t('2026-03-25T10:00:00Z'), t('2026-04-02T10:00:00Z'), 'week', 'Europe/Madrid');
    expect(p.buckets.map((b) => [b.label, b.hours])).toEqual([
      ['2026-03-23T00:00:00+01:00', 167],
      ['2026-03-30T00:00:00+02:00', 168],
    ]);
  });

  it('half-hour zones label UTC hours with their local start', () => {
    const p = planBuckets(t('2026-05-01T00:00:00Z'), t('2026-05-01T02:00:00Z'), 'hour', 'Asia/Kolkata');
    expect(p.buckets.map((b) => b.label)).toEqual(['2026-05-01T05:30:00+05:30', '2026-05-01T06:30:00+05:30']);
    const d = planBuckets(t('2026-05-01T00:00:00Z'), t('2026-05-01T02:00:00Z'), 'day', 'Asia/Kolkata');
    // Local midnight is 18:30 UTC: the first whole UTC hour of the local day starts at 19:00 UTC (00:30 local).
    expect(d.buckets[0]!.label).toBe('2026-05-01T00:30:00+05:30');
  });

  it('rejects bad zones, empty ranges and too many buckets', () => {
    expect(checkTimeZone('europe/madrid')).toBe('Europe/Madrid');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/Unknown time zone/);
    expect(() => planBuckets(t('2026-01-02T00:00:00Z'), t('2026-01-01T00:00:00Z'), 'day', 'UTC')).toThrow(/empty/);
    expect(() => planBuckets(t('2025-01-01T00:00:00Z'), t('2026-01-01T00:00:00Z'), 'hour', 'UTC')).toThrow(/Too many hour buckets/);
    expect(() => planBuckets(t('2020-01-01T00:00:00Z'), t('2026-01-01T00:00:00Z'), 'week', 'UTC')).toThrow(/too long/);
    expect(planBuckets(t('2026-01-01T00:00:00Z'), t('2026-04-01T00:00:00Z'), 'hour', 'UTC').buckets).toHaveLength(90 * 24);
  });
});
