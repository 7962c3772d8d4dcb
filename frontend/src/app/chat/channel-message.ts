/**
 * A message that came in on a channel (WhatsApp) as a broker reads it: a shared location as a map
 * link, a photo or file by its caption and details, a WhatsApp form's answers as a filled form.
 * Built from the message's stored `data` (the type and its fields as the channel sent them).
 */
export type ChannelView =
  | { kind: 'location'; label: string; place: string; mapUrl: string | null }
  | { kind: 'media'; label: string; caption: string | null; details: string[] }
  | { kind: 'form'; label: string; answers: { question: string; answer: string }[]; unreadable: boolean }
  | { kind: 'note'; label: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

const MEDIA_LABELS: Readonly<Record<string, string>> = { image: 'Photo', video: 'Video', audio: 'Voice message', document: 'Document', sticker: 'Sticker' };

/** A form question's key (`preferred_contact_time`) in plain words ("Preferred contact time"). */
export const questionWords = (key: string) => {
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Answer';
};

const answerWords = (v: unknown): string => {
  if (Array.isArray(v)) return v.map(answerWords).join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return v === null || v === undefined ? '—' : JSON.stringify(v);
};

/** The view of a channel message, or null for plain text (shown as the bubble's text alone). */
export function channelView(data: Json | null | undefined): ChannelView | null {
  const type = str(data?.['type']);
  if (!data || !type || type === 'text') return null;
  const part = obj(data[type]);
  if (type === 'location') {
    const lat = typeof part['latitude'] === 'number' ? part['latitude'] : null;
    const lng = typeof part['longitude'] === 'number' ? part['longitude'] : null;
    const place = [str(part['name']), str(part['address'])].filter(Boolean).join(', ') || (lat !== null && lng !== null ? `${lat}, ${lng}` : 'A location');
    return { kind: 'location', label: 'Shared a location', place, mapUrl: lat !== null && lng !== null ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}` : null };
  }
  if (type in MEDIA_LABELS) {
    const details = [str(part['filename']), str(part['mime_type'])].filter((d): d is string => d !== null);
    return { kind: 'media', label: MEDIA_LABELS[type], caption: str(part['caption']), details };
  }
  if (type === 'interactive') {
    const kind = str(part['type']);
    const reply = obj(kind ? part[kind] : null);
    if (kind === 'nfm_reply') {
      let answers: { question: string; answer: string }[] = [];
      let unreadable = false;
      try {
        const raw = reply['response_json'];
        const parsed = obj(JSON.parse(typeof raw === 'string' ? raw : ''));
        answers = Object.entries(parsed)
          .filter(([k]) => k !== 'flow_token')
          .map(([k, v]) => ({ question: questionWords(k), answer: answerWords(v) }));
      } catch {
        unreadable = true;
      }
      return { kind: 'form', label: 'Filled in the WhatsApp form', answers, unreadable };
    }
    if (kind === 'button_reply' || kind === 'list_reply') return { kind: 'note', label: 'Chose an option' };
    return { kind: 'note', label: 'Interactive reply' };
  }
  if (type === 'button') return { kind: 'note', label: 'Tapped a button' };
  if (type === 'reaction') return { kind: 'note', label: 'Reacted' };
  if (type === 'contacts') return { kind: 'note', label: 'Shared a contact card' };
  return { kind: 'note', label: 'A message type this screen cannot show' };
}
