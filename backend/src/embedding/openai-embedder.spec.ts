/**
 * OpenAiEmbedder against a LOCAL OpenAI-compatible server started here (node:http on 127.0.0.1, a
 * free port). NO live OpenAI model is called and no network leaves the machine: the fake implements
 * POST /v1/embeddings with the real request and response shapes (float and base64 encodings), and
 * computes its vectors with LocalHashEmbedder so the contract's "similar texts are closer" holds. It
 * returns them scaled by 3 (unnormalised, as other servers may), so the adapter's normalising is
 * tested too, and it records every request.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEmbeddingProviderContract } from './embedding-provider.contract';
import { LocalHashEmbedder } from './local-hash-embedder';
import { OpenAiEmbedder, OpenAiEmbedderOptions } from './openai-embedder';

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[] | string; dimensions?: number; encoding_format?: 'float' | 'base64' };
}

interface FakeOpenAi {
  baseURL: string;
  requests: RecordedRequest[];
  /** The next responses, in order, before normal service resumes: a status to fail with. */
  failures: number[];
  /** Return `data` in a shuffled order (each item keeps its `index`). */
  shuffle: boolean;
  /** Return vectors of this length instead of the requested `dimensions`. */
  wrongDimensions: number | null;
  reset(): void;
  close(): Promise<void>;
}

async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const embedders = new Map<number, LocalHashEmbedder>();
  const state = { requests: [] as RecordedRequest[], failures: [] as number[], shuffle: false, wrongDimensions: null as number | null };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      (async () => {
        if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(404, { error: { message: 'not found', type: 'invalid_request_error' } });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
        state.requests.push({ method: req.method, url: req.url, headers: req.headers, body });

        const failure = state.failures.shift();
        if (failure !== undefined) {
          const type = failure === 429 ? 'rate_limit_exceeded' : 'server_error';
          return send(failure, { error: { message: `fake ${failure}`, type, code: type } });
        }
        if (req.headers.authorization !== 'Bearer test-key') return send(401, { error: { message: 'bad key', type: 'invalid_request_error' } });
        const input = Array.isArray(body.input) ? body.input : [body.input];
        if (input.some((t) => typeof t !== 'string' || t === '')) {
          return send(400, { error: { message: "'$.input' is invalid: empty string", type: 'invalid_request_error' } });
        }
        const dims = state.wrongDimensions ?? body.dimensions ?? 1536;
        let embedder = embedders.get(dims);
        if (!embedder) embedders.set(dims, (embedder = new LocalHashEmbedder({ dimensions: dims })));
        const vectors = await embedder.embed(input);
        const data = vectors.map((v, index) => {
          const scaled = Float32Array.from(v, (x) => x * 3);
          const embedding = body.encoding_format === 'base64' ? Buffer.from(scaled.buffer).toString('base64') : Array.from(scaled);
          return { object: 'embedding', index, embedding };
        });
        if (state.shuffle) data.reverse();
        const tokens = input.reduce((n, t) => n + t.split(/\s+/).length, 0);
        send(200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
      })().catch((err: Error) => send(400, { error: { message: err.message, type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get failures() {
      return state.failures;
    },
    set failures(f: number[]) {
      state.failures = f;
    },
    get shuffle() {
      return state.shuffle;
    },
    set shuffle(s: boolean) {
      state.shuffle = s;
    },
    get wrongDimensions() {
      return state.wrongDimensions;
    },
    set wrongDimensions(d: number | null) {
      state.wrongDimensions = d;
    },
    reset() {
      state.requests = [];
      state.failures = [];
      state.shuffle = false;
      state.wrongDimensions = null;
    },
    close: () => new Promise<void>((ok, fail) => server.close((err) => (err ? fail(err) : ok()))),
  };
}

/** The server's vectors came back scaled and were normalised again: equal up to float32 rounding. */
function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a).toHaveLength(b.length);
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  expect(maxDiff).toBeLessThan(1e-6);
}

describeEmbeddingProviderContract('OpenAiEmbedder (local fake server)', async () => {
  const fake = await startFakeOpenAi();
  return { provider: new OpenAiEmbedder({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 }), close: () => fake.close() };
});

describe('OpenAiEmbedder', () => {
  let fake: FakeOpenAi;
  const local = new LocalHashEmbedder();
  const make = (o: Partial<OpenAiEmbedderOptions> = {}) => new OpenAiEmbedder({ apiKey: 'test-key', baseURL: fake.baseURL, ...o });
  const texts = (n: number) => Array.from({ length: n }, (_, i) => `${(i % 5) + 1}-bed house number ${i} in Kirkland`);

  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it("is 'openai' with version <model>-<dimensions>", () => {
    const p = make();
    expect(p.id).toBe('openai');
    expect(p.dimensions).toBe(384);
    expect(p.version).toBe('text-embedding-3-small-384');
    expect(make({ model: 'text-embedding-3-large', dimensions: 1024 }).version).toBe('text-embedding-3-large-1024');
  });

  it('rejects a missing key and impossible sizes', () => {
    expect(() => new OpenAiEmbedder({ apiKey: '' })).toThrow(/apiKey/);
    expect(() => make({ batchSize: 0 })).toThrow(RangeError);
    expect(() => make({ batchSize: 5000 })).toThrow(RangeError);
    expect(() => make({ dimensions: -1 })).toThrow(RangeError);
  });

  it('sends 1,000 texts with batchSize 256 as 4 requests, each within the batch size, and keeps the order', async () => {
    const input = texts(1000);
    const out = await make({ batchSize: 256 }).embed(input);
    expect(fake.requests.map((r) => (r.body.input as string[]).length).sort((a, b) => b - a)).toEqual([256, 256, 256, 232]);
    expect(fake.requests.flatMap((r) => r.body.input).sort()).toEqual([...input].sort());
    expect(out).toHaveLength(1000);
    for (const i of [0, 255, 256, 700, 999]) expectClose(out[i], local.embedOne(input[i]));
  });

  it('sends model, dimensions and the key as a Bearer token', async () => {
    await make({ model: 'text-embedding-3-large', dimensions: 256 }).embed(['lakefront home']);
    expect(fake.requests).toHaveLength(1);
    const [r] = fake.requests;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/v1/embeddings');
    expect(r.headers.authorization).toBe('Bearer test-key');
    expect(r.body).toMatchObject({ model: 'text-embedding-3-large', dimensions: 256, input: ['lakefront home'] });
  });

  it('normalises the vectors the server returns', async () => {
    const [v] = await make({ dimensions: 64 }).embed(['view']);
    expect(v).toHaveLength(64);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('retries a 429 and then succeeds', async () => {
    fake.failures = [429];
    const [v] = await make({ maxRetries: 2 }).embed(['3 bed in Kent']);
    expect(fake.requests).toHaveLength(2);
    expectClose(v, local.embedOne('3 bed in Kent'));
  });

  it('retries a 503 and then succeeds', async () => {
    fake.failures = [503];
    await expect(make({ maxRetries: 1 }).embed(['condo'])).resolves.toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('surfaces a persistent 500 as an error once the retries are spent', async () => {
    fake.failures = [500, 500, 500, 500];
    await expect(make({ maxRetries: 1 }).embed(['condo'])).rejects.toThrow(/OpenAI embeddings.*500/);
    expect(fake.requests).toHaveLength(2);
  });

  it('puts a response with shuffled `index` order back in input order', async () => {
    fake.shuffle = true;
    const input = texts(10);
    const out = await make().embed(input);
    input.forEach((t, i) => expectClose(out[i], local.embedOne(t)));
  });

  it('receives the vectors base64-encoded (the client asks for that by default) and decodes them', async () => {
    const [v] = await make().embed(['garden']);
    expect(fake.requests[0].body.encoding_format).toBe('base64');
    expectClose(v, local.embedOne('garden'));
  });

  it('does not send empty or blank texts (the API rejects them) and still returns a unit vector for them', async () => {
    const out = await make().embed(['', 'waterfront', '  ']);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].body.input).toEqual(['waterfront']);
    expect(out.map((v) => Math.round(Math.hypot(...v) * 1e4) / 1e4)).toEqual([1, 1, 1]);
  });

  it('sends nothing for no texts', async () => {
    await expect(make().embed([])).resolves.toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('fails clearly when the server returns the wrong number of dimensions', async () => {
    fake.wrongDimensions = 100;
    await expect(make({ dimensions: 384 }).embed(['condo'])).rejects.toThrow(/100 dimensions, expected 384/);
  });

  it('fails on a bad key without retrying', async () => {
    await expect(new OpenAiEmbedder({ apiKey: 'wrong', baseURL: fake.baseURL, maxRetries: 3 }).embed(['condo'])).rejects.toThrow(/401/);
    expect(fake.requests).toHaveLength(1);
  });

  it('cuts very long texts to maxInputChars', async () => {
    await make({ maxInputChars: 10 }).embed(['a'.repeat(50)]);
    expect(fake.requests[0].body.input).toEqual(['a'.repeat(10)]);
  });
});
