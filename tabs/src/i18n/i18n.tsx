import { createContext, type ReactNode, useContext } from 'react';

import { messagesFor } from './catalogs';
import { formatMessage, type MessageValues } from './format-message';
import { type MessageKey } from './messages-en';

export interface I18n {
  locale: string;
  timeZone: string;
  t: (key: MessageKey, values?: MessageValues) => string;
  /** e.g. "Tuesday, 3 March 2026" in the user's locale and time zone. */
  formatDate: (iso: string | Date) => string;
  /** e.g. "Tue 3 Mar, 14:30". */
  formatDateTime: (iso: string | Date) => string;
  /** e.g. "14:30". */
  formatTime: (iso: string | Date) => string;
  formatNumber: (n: number, options?: Intl.NumberFormatOptions) => string;
  formatList: (items: string[]) => string;
  /** Two calendar days (`YYYY-MM-DD`), e.g. "7 Dec – 26 Feb" (the year only when they are in different years). */
  formatDayRange: (from: string, to: string) => string;
  /** One calendar day (`YYYY-MM-DD`), e.g. "10 Jan 2027", never moved by a time zone. */
  formatDay: (day: string) => string;
}

export function createI18n(locale: string, timeZone: string): I18n {
  const safeLocale = supportedLocale(locale);
  const safeZone = supportedTimeZone(timeZone);
  const messages = messagesFor(safeLocale);
  const date = new Intl.DateTimeFormat(safeLocale, { dateStyle: 'full', timeZone: safeZone });
  const dateTime = new Intl.DateTimeFormat(safeLocale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: safeZone,
  });
  const time = new Intl.DateTimeFormat(safeLocale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: safeZone,
  });
  const list = new Intl.ListFormat(safeLocale, { style: 'long', type: 'conjunction' });
  const toDate = (v: string | Date): Date => (typeof v === 'string' ? new Date(v) : v);
  // Calendar days are not instants: read and written in UTC so no time zone moves them to the day before.
  const dayOf = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);
  const dayRange = (withYear: boolean) =>
    new Intl.DateTimeFormat(safeLocale, {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
  return {
    locale: safeLocale,
    timeZone: safeZone,
    t: (key, values = {}) => formatMessage(messages[key], values, safeLocale),
    formatDate: (v) => date.format(toDate(v)),
    formatDateTime: (v) => dateTime.format(toDate(v)),
    formatTime: (v) => time.format(toDate(v)),
    formatNumber: (n, options) => new Intl.NumberFormat(safeLocale, options).format(n),
    formatList: (items) => list.format(items),
    formatDayRange: (from, to) =>
      dayRange(from.slice(0, 4) !== to.slice(0, 4)).formatRange(dayOf(from), dayOf(to)),
    formatDay: (day) => dayRange(true).format(dayOf(day)),
  };
}

function supportedLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

function supportedTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const I18nContext = createContext<I18n>(createI18n('en-US', 'UTC'));

export function I18nProvider({ value, children }: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export type { MessageKey };
