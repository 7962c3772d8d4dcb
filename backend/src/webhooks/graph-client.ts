import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';

/** A lead as the Graph API returns it for `GET /{version}/{leadgen_id}`. */
export interface GraphLead {
  id: string;
  created_time?: string;
  ad_id?: string;
  ad_name?: string;
  adset_id?: string;
  campaign_id?: string;
  campaign_name?: string;
  form_id?: string;
  is_organic?: boolean;
  platform?: string;
  field_data?: { name: string; values: unknown[] }[];
  [more: string]: unknown;
}

export type GraphFailure = 'not_found' | 'auth' | 'rate_limited' | 'server' | 'timeout' | 'network' | 'not_configured' | 'bad_answer';

/** A Graph call that did not give a lead. `permanent` ones are not retried (the lead is gone, or never existed). */
export class GraphError extends Error {
  constructor(
    readonly failure: GraphFailure,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

// Graph error codes: 190 expired/invalid token; 4, 17, 32, 613, 80001+ rate limits; 1, 2 transient.
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);

/** Fields asked for, so a lead carries its ad and campaign ids along with the answers. */
const LEAD_FIELDS = 'id,created_time,ad_id,ad_name,adset_id,campaign_id,campaign_name,form_id,is_organic,platform,field_data';

/** Reads leads from Meta's Graph API (or the local stand-in at META_GRAPH_URL). */
@Injectable()
export class GraphClient {
  constructor(private readonly config: AppConfig) {}

  async fetchLead(leadgenId: string): Promise<GraphLead> {
    const env = this.config.env;
    if (!env.META_PAGE_ACCESS_TOKEN) throw new GraphError('not_configured', 'META_PAGE_ACCESS_TOKEN is not set', false);
    const url = `${env.META_GRAPH_URL.replace(/\/+$/, '')}/${env.META_GRAPH_VERSION}/${encodeURIComponent(leadgenId)}?fields=${LEAD_FIELDS}`;
    let res: Response;
    try {
      // The token goes in a header, not the URL, so it never lands in a proxy's access log.
      res = await fetch(url, { headers: { authorization: `Bearer ${env.META_PAGE_ACCESS_TOKEN}`, accept: 'application/json' }, signal: AbortSignal.timeout(env.META_GRAPH_TIMEOUT_MS) });
    } catch (e) {
      const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new GraphError(timeout ? 'timeout' : 'network', timeout ? `Graph API did not answer within ${env.META_GRAPH_TIMEOUT_MS} ms` : 'Graph API unreachable', false);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    const error = (body as { error?: { code?: number; error_subcode?: number; message?: string } } | null)?.error;
    if (res.ok && body && typeof body === 'object' && !error) return body as GraphLead;
    const code = error?.code;
    const what = `Graph API ${res.status}${code !== undefined ? ` (code ${code})` : ''}`;
    if (res.status === 404 || (code === 100 && error?.error_subcode === 33)) throw new GraphError('not_found', `${what}: the lead does not exist or cannot be read`, true);
    if (code === 190 || res.status === 401) throw new GraphError('auth', `${what}: the page access token is invalid or expired`, false);
    if (res.status === 429 || (code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code < 80100)))) throw new GraphError('rate_limited', `${what}: rate limited`, false);
    if (res.status >= 500 || code === 1 || code === 2) throw new GraphError('server', `${what}: server error`, false);
    throw new GraphError('bad_answer', `${what}: unexpected answer`, false);
  }
}
