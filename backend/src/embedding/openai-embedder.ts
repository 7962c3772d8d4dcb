import OpenAI from 'openai';
import type { EmbeddingProvider } from './embedding-provider';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1. Default: the OpenAI API. */
  baseURL?: string;
  /** Default 'text-embedding-3-small'. */
  model?: string;
  /** Sent as `dimensions` (text-embedding-3 models shorten their vectors to it). Default 384. */
  dimensions?: number;
  /** Texts per request; the API takes at most 2,048. Default 256. */
  batchSize?: number;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
  /**
   * Retries per request on 408, 409, 429 and 5xx and on connection errors, with the client's
   * exponential backoff (0.5 s doubling to 8 s, with jitter) or the server's Retry-After. Default 5.
   */
  maxRetries?: number;
  /** Per request attempt. Default 60,000. */
  timeoutMs?: number;
  /** Longer texts are cut to this many characters (the models stop at 8,191 tokens). Default 8,000. */
  maxInputChars?: number;
}

/**
 * Embeddings from the OpenAI API (or any server that speaks POST /v1/embeddings), via the official
 * client. Texts go in batches; results are put back in input order by their `index` and
 * L2-normalised. Empty or blank texts are not sent (the API rejects empty input): they get a fixed
 * unit vector. Reads no environment: embedding.module.ts passes the configuration in.
 */
export class OpenAiEmbedder implements EmbeddingProvider {
  readonly id = 'openai';
  readonly version: string;
  readonly dimensions: number;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxInputChars: number;

  constructor(options: OpenAiEmbedderOptions) {
    if (!options.apiKey) throw new Error('OpenAiEmbedder: apiKey is required');
    this.model = options.model || 'text-embedding-3-small';
    this.dimensions = positiveInt('dimensions', options.dimensions ?? 384, 1, 65_536);
    this.batchSize = positiveInt('batchSize', options.batchSize ?? 256, 1, 2048);
    this.concurrency = positiveInt('concurrency', options.concurrency ?? 2, 1, 64);
    this.maxInputChars = positiveInt('maxInputChars', options.maxInputChars ?? 8_000, 1, 1_000_000);
    const maxRetries = options.maxRetries ?? 5;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new RangeError(`OpenAiEmbedder: maxRetries must be an integer ≥ 0, got ${maxRetries}`);
    this.version = `${this.model}-${this.dimensions}`;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL || undefined,
      maxRetries,
      timeout: positiveInt('timeoutMs', options.timeoutMs ?? 60_000, 1, 3_600_000),
    });
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    const toSend: number[] = [];
    texts.forEach((t, i) => {
      if (t.trim() === '') out[i] = this.blankVector();
      else toSend.push(i);
    });
    const batches: number[][] = [];
    for (let i = 0; i < toSend.length; i += this.batchSize) batches.push(toSend.slice(i, i + this.batchSize));

    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < batches.length) {
        const b = next++;
        try {
          const vectors = await this.request(batches[b].map((i) => texts[i].slice(0, this.maxInputChars)));
          batches[b].forEach((textIndex, k) => (out[textIndex] = vectors[k]));
        } catch (err) {
          failed = true;
          const why = err instanceof Error ? err.message : String(err);
          throw new Error(`OpenAI embeddings (${this.model}, batch ${b + 1} of ${batches.length}) failed: ${why}`, { cause: err });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker));
    return out;
  }

  /** One request; vectors in input order, normalised. */
  private async request(input: string[]): Promise<Float32Array[]> {
    const res = await this.client.embeddings.create({ model: this.model, input, dimensions: this.dimensions });
    if (!Array.isArray(res.data) || res.data.length !== input.length) {
      throw new Error(`expected ${input.length} embeddings, got ${Array.isArray(res.data) ? res.data.length : 'none'}`);
    }
    const vectors = new Array<Float32Array | undefined>(input.length);
    for (const item of res.data) {
      const { index, embedding } = item;
      if (!Number.isInteger(index) || index < 0 || index >= input.length || vectors[index] !== undefined) {
        throw new Error(`bad or repeated index ${index} in a response to ${input.length} inputs`);
      }
      if (embedding.length !== this.dimensions) {
        throw new Error(`model ${this.model} returned ${embedding.length} dimensions, expected ${this.dimensions}`);
      }
      vectors[index] = normalise(embedding, index);
    }
    return vectors as Float32Array[];
  }

  /** For empty or blank text: the first basis vector (any fixed unit vector would do). */
  private blankVector(): Float32Array {
    const v = new Float32Array(this.dimensions);
    v[0] = 1;
    return v;
  }
}

function normalise(values: ArrayLike<number>, index: number): Float32Array {
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm += values[i] * values[i];
  if (!(norm > 0) || !Number.isFinite(norm)) throw new Error(`embedding ${index} is zero or not finite`);
  const inv = 1 / Math.sqrt(norm);
  const v = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) v[i] = values[i] * inv;
  return v;
}

function positiveInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`OpenAiEmbedder: ${name} must be an integer in ${min}..${max}, got ${value}`);
  return value;
}
