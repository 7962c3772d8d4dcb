/**
 * A WhatsApp Cloud API inbound message → what the conversation shows (`content`) and what is kept
 * of it (`data`: the type and its fields as sent). Every type Meta documents is read; a type this
 * code does not know is kept raw, never an error. Unknown fields are ignored, never refused.
 */
export interface ReadMessage {
  type: string;
  content: string;
  data: Record<string, unknown>;
  /** A Flow's answer (`interactive.nfm_reply.response_json`), still as the string Meta sent. */
  flowResponse?: string;
  /** Something the assistant can answer: words, a tapped button or list row, a form, a place. Not a reaction, a bare photo or a sticker. */
  answerable: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

const MEDIA = new Set(['image', 'document', 'audio', 'video', 'sticker']);

export function readWhatsAppMessage(message: Json): ReadMessage {
  const read = readParts(message);
  const answerable = ANSWERABLE.has(read.type) ? read.content.trim() !== '' : MEDIA.has(read.type) && read.type !== 'sticker' && str(obj(message[read.type]).caption) !== null;
  return { ...read, answerable };
}

const ANSWERABLE = new Set(['text', 'button', 'interactive', 'location']);

function readParts(message: Json): Omit<ReadMessage, 'answerable'> {
  const type = str(message.type) ?? 'unknown';
  const part = obj(message[type]);
  const data: Json = { type, [type]: message[type] ?? null };
  if (message.context !== undefined) data.context = message.context;
  switch (type) {
    case 'text':
      return { type, content: str(part.body) ?? '', data };
    case 'button':
      return { type, content: str(part.text) ?? str(part.payload) ?? '', data };
    case 'interactive': {
      const kind = str(part.type) ?? 'unknown';
      const reply = obj(part[kind]);
      if (kind === 'button_reply' || kind === 'list_reply') {
        // A home tapped in the assistant's list (row id `unit:<place>:<id>`): the conversation shows its
        // title; the assistant reads which of the homes it listed was picked, not the title's words.
        const place = /^unit:(\d{1,2}):/.exec(str(reply.id) ?? '');
        return { type, content: str(reply.title) ?? str(reply.id) ?? '', data: place ? { ...data, assistantText: `option ${place[1]}` } : data };
      }
      if (kind === 'nfm_reply') {
        const response = typeof reply.response_json === 'string' ? reply.response_json : undefined;
        return { type, content: str(reply.body) ?? 'Form sent', data, ...(response !== undefined ? { flowResponse: response } : {}) };
      }
      return { type, content: `[${kind}]`, data };
    }
    case 'location': {
      const lat = typeof part.latitude === 'number' ? part.latitude : null;
      const lng = typeof part.longitude === 'number' ? part.longitude : null;
      const where = [str(part.name), str(part.address)].filter(Boolean).join(', ');
      return { type, content: `Location: ${where || (lat !== null && lng !== null ? `${lat}, ${lng}` : 'shared')}`, data };
    }
    case 'reaction':
      return { type, content: str(part.emoji) ?? '(reaction removed)', data };
    case 'contacts':
      return { type, content: '[contact card]', data };
    default:
      if (MEDIA.has(type)) return { type, content: str(part.caption) ?? str(part.filename) ?? `[${type}]`, data };
      // unsupported, order, system, anything new: kept raw so nothing is lost.
      return { type, content: `[${type}]`, data: { ...data, raw: message } };
  }
}
