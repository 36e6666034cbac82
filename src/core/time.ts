/** Start of the UTC hour containing `iso`, as ISO. */
export function hourStart(iso: string | Date): string {
  const d = new Date(iso);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
