import Fastify, { FastifyInstance } from 'fastify';
import { openEventStream } from './event-stream';

/** A real Fastify server and a real HTTP client; the response's writes are counted. */
describe('openEventStream', () => {
  let app: FastifyInstance;
  let base: string;
  let writes: string[];

  const frame = (e: { n: number }) => `event: n\ndata: ${e.n}\n\n`;
  const tick = () => new Promise((r) => setTimeout(r, 20));

  beforeAll(async () => {
    app = Fastify();
    app.get('/stream', async (_req, reply) => {
      const raw = reply.raw;
      const write = raw.write.bind(raw) as (chunk: string) => boolean;
      writes = [];
      raw.write = ((chunk: string) => {
        writes.push(String(chunk));
        return write(chunk);
      }) as typeof raw.write;
      const stream = openEventStream(reply, frame);
      // A burst in one tick (tokens that arrived in one read) …
      stream.send({ n: 1 });
      stream.send({ n: 2 });
      stream.send({ n: 3 });
      await tick();
      // … then one on its own, then two just before the end.
      stream.send({ n: 4 });
      await tick();
      stream.send({ n: 5 });
      stream.send({ n: 6 });
      stream.end();
      stream.send({ n: 7 });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  it('writes the events of one tick together, and nothing waits past its tick', async () => {
    const res = await fetch(`${base}/stream`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const body = await res.text();
    expect([...body.matchAll(/^data: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    // One write for the burst, one for the lone event (sent a tick later, it did not wait for
    // the next), one for the two flushed by the end; nothing after the end.
    expect(writes).toEqual([frame({ n: 1 }) + frame({ n: 2 }) + frame({ n: 3 }), frame({ n: 4 }), frame({ n: 5 }) + frame({ n: 6 })]);
  });
});
