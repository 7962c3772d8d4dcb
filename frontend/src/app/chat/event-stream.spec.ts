import { readFrames, readTurnEvents } from './event-stream';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(bytes.encode(c));
      controller.close();
    },
  });
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('event stream reader', () => {
  it('reads frames cut anywhere across network chunks', async () => {
    const frames = await collect(readFrames(streamOf(['event: tok', 'en\ndata: {"delta":"Hel', 'lo"}\n', '\nevent: done\r\ndata: {"messageId":"m1"}\r\n\r\n'])));
    expect(frames).toEqual([
      { event: 'token', data: '{"delta":"Hello"}' },
      { event: 'done', data: '{"messageId":"m1"}' },
    ]);
  });

  it('skips comments, joins multi-line data, and keeps a final frame without a blank line', async () => {
    const frames = await collect(readFrames(streamOf([': keep-alive\n\n', 'data: line one\ndata: line two\n\n', 'event: error\ndata: {"code":"x"}'])));
    expect(frames).toEqual([
      { event: 'message', data: 'line one\nline two' },
      { event: 'error', data: '{"code":"x"}' },
    ]);
  });

  it('parses the agent events and drops frames that are not JSON', async () => {
    const events = await collect(readTurnEvents(streamOf(['event: session\ndata: {"sessionId":"s1","leadId":null}\n\n', 'event: token\ndata: not json\n\n', 'event: token\ndata: {"delta":"Hi"}\n\n'])));
    expect(events).toEqual([
      { event: 'session', data: { sessionId: 's1', leadId: null } },
      { event: 'token', data: { delta: 'Hi' } },
    ]);
  });
});
