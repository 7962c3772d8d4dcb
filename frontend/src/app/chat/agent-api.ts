import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiConfiguration } from '../api/api-configuration';
import { AuthStore } from '../core/auth-store';
import { TurnEvent } from './agent-events';
import { readTurnEvents } from './event-stream';

export interface AgentSession {
  id: string;
  leadId: string | null;
  channel: string;
  mode: 'ai' | 'human';
  heldBy: { id: string; name: string } | null;
  createdAt: string;
  messages: AgentMessage[];
}

export interface AgentMessage {
  id: string;
  role: 'lead' | 'assistant' | 'human' | 'tool';
  content: string;
  toolCalls?: { id: string; name: string; args?: unknown }[] | null;
  toolName?: string | null;
  data?: ({ units?: unknown[] } & Record<string, unknown>) | null;
  createdAt: string;
}

/**
 * The agent endpoints (contract in the SPA brief; the API lands on main as backend/src/agent).
 * TODO(merge main): once docs/openapi.json has the agent API, call the generated functions
 * (createSession, getSession, takeOver, ...) through `Api.invoke` here and drop these hand-made types.
 *
 * The turn itself stays a small reader: it is `POST` + text/event-stream, which Angular's
 * HttpClient (and so the generated client) cannot hand over incrementally. It uses the generated
 * client's base URL and the same bearer token as every other call.
 */
@Injectable({ providedIn: 'root' })
export class AgentApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ApiConfiguration);
  private readonly auth = inject(AuthStore);

  private url(path: string): string {
    return `${this.config.rootUrl}/api/agent${path}`;
  }

  startSession(leadId?: string): Promise<{ sessionId: string; leadId: string | null }> {
    return firstValueFrom(this.http.post<{ sessionId: string; leadId: string | null }>(this.url('/session'), leadId ? { leadId } : {}));
  }

  getSession(id: string): Promise<AgentSession> {
    return firstValueFrom(this.http.get<AgentSession>(this.url(`/sessions/${encodeURIComponent(id)}`)));
  }

  listSessions(leadId: string): Promise<AgentSession[]> {
    return firstValueFrom(this.http.get<AgentSession[]>(this.url('/sessions'), { params: { leadId } }));
  }

  takeOver(id: string): Promise<AgentSession> {
    return firstValueFrom(this.http.post<AgentSession>(this.url(`/sessions/${encodeURIComponent(id)}/takeover`), {}));
  }

  release(id: string): Promise<AgentSession> {
    return firstValueFrom(this.http.post<AgentSession>(this.url(`/sessions/${encodeURIComponent(id)}/release`), {}));
  }

  reply(id: string, message: string): Promise<unknown> {
    return firstValueFrom(this.http.post(this.url(`/sessions/${encodeURIComponent(id)}/reply`), { message }));
  }

  /** Runs one turn and yields its events as they arrive. Throws with the server's message on a non-2xx answer. */
  async *turn(sessionId: string, message: string, signal?: AbortSignal): AsyncGenerator<TurnEvent> {
    const token = this.auth.token();
    const res = await fetch(this.url('/turn'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ sessionId, message }),
      signal,
    });
    if (!res.ok || !res.body) {
      let text = `The assistant could not answer (HTTP ${res.status})`;
      try {
        const body = (await res.json()) as { message?: unknown };
        if (typeof body.message === 'string') text = body.message;
      } catch {
        /* no JSON body */
      }
      throw new TurnHttpError(res.status, text);
    }
    yield* readTurnEvents(res.body);
  }
}

export class TurnHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
