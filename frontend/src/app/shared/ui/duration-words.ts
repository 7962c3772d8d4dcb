/** A duration in a few words: "40 s", "12 min", "3 h", "2 days". */
export function durationWords(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** How long a reply is overdue: at least a minute ("1 min", "25 min", "3 h"). */
export const overdueWords = (seconds: number): string => durationWords(Math.max(60, seconds));
