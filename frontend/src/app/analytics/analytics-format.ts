import { formatMoney } from '@words/broker-words';
import { durationWords } from '../shared/ui/duration-words';

/** How the page writes its figures; "—" where there is nothing to measure. */
const NONE = '—';

export const count = (n: number | null | undefined): string => (n === null || n === undefined ? NONE : n.toLocaleString('en-US'));

/** 0.4166 → "42 %" (one decimal under 10 %: "4.2 %"). */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return NONE;
  const p = share * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)} %`;
}

export const seconds = (s: number | null | undefined): string => (s === null || s === undefined ? NONE : durationWords(s));
export const hours = (h: number | null | undefined): string => (h === null || h === undefined ? NONE : durationWords(h * 3600));

/** Money with the cents a small amount needs: "$0.004" per conversation, "$24.66" per lead, "$1.4M" a year. */
export function money(amount: number | null | undefined, currency = 'USD'): string {
  if (amount === null || amount === undefined) return NONE;
  if (amount >= 10_000) return formatMoney(amount, currency);
  const small = Math.abs(amount) < 1 && amount !== 0;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: small ? 3 : 2, maximumFractionDigits: small ? 3 : 2 }).format(amount);
}

/** "12 % more than the period before", "3 % fewer …", "as many as …". */
export function versus(now: number, before: number, more = 'more', fewer = 'fewer'): string {
  if (before === 0) return now === 0 ? 'none in the period before either' : 'none in the period before';
  const change = Math.round(((now - before) / before) * 100);
  if (change === 0) return 'as many as the period before';
  return `${Math.abs(change)} % ${change > 0 ? more : fewer} than the period before`;
}
