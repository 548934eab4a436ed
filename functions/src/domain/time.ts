/** ISO helpers on the injected clock: instants in UTC with milliseconds, dates as `yyyy-MM-dd` (UTC). */
export const isoInstant = (date: Date): string => date.toISOString();
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

export function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDate(date);
}
