import { TurnEvent } from './agent-events';

/** One `event:`/`data:` frame of a text/event-stream. */
export interface RawFrame {
  event: string;
  data: string;
}

/**
 * Splits a text/event-stream body into frames as bytes arrive. Handles frames cut anywhere across
 * chunks, CRLF line ends, multi-line `data:`, and comments (`: keep-alive`).
 */
export async function* readFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<RawFrame> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      // CRLF becomes LF; a trailing lone CR waits for the next chunk to show whether LF follows.
      const tail = buffer.endsWith('\r') ? '\r' : '';
      buffer = buffer.slice(0, buffer.length - tail.length).replace(/\r\n?/g, '\n') + tail;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (frame) yield frame;
      }
    }
    const last = parseFrame((buffer + decoder.decode()).replace(/\r\n?/g, '\n'));
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function parseFrame(text: string): RawFrame | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}

/** Frames parsed as the agent's typed events; frames that are not JSON are skipped. */
export async function* readTurnEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<TurnEvent> {
  for await (const frame of readFrames(body)) {
    try {
      yield { event: frame.event, data: JSON.parse(frame.data) as unknown } as TurnEvent;
    } catch {
      /* not JSON: not one of ours */
    }
  }
}
