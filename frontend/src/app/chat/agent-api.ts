import { inject, Injectable } from '@angular/core';
import { Api } from '../api/api';
import { ApiConfiguration } from '../api/api-configuration';
import { createSession } from '../api/fn/agent/create-session';
import { getSession } from '../api/fn/agent/get-session';
import { listSessions } from '../api/fn/agent/list-sessions';
import { releaseSession } from '../api/fn/agent/release-session';
import { replyInSession } from '../api/fn/agent/reply-in-session';
import { takeOverSession } from '../api/fn/agent/take-over-session';
import { turn } from '../api/fn/agent/turn';
import { SessionCreatedDto } from '../api/models/session-created-dto';
import { SessionDto } from '../api/models/session-dto';
import { SessionSummaryDto } from '../api/models/session-summary-dto';
import { AuthStore } from '../core/auth-store';
import { TurnEvent } from './agent-events';
import { readTurnEvents } from './event-stream';

/**
 * The agent endpoints, through the generated client — except the turn itself: it is `POST` +
 * text/event-stream, which Angular's HttpClient (and so the generated `turn` function) only hands
 * over once the response is complete. That one call is made with fetch and read frame by frame,
 * using the generated function's path and request type, the client's root URL and the same
 * bearer token every other call carries.
 */
@Injectable({ providedIn: 'root' })
export class AgentApi {
  private readonly api = inject(Api);
  private readonly config = inject(ApiConfiguration);
  private readonly auth = inject(AuthStore);

  startSession(leadId?: string): Promise<SessionCreatedDto> {
    return this.api.invoke(createSession, { body: leadId ? { leadId } : {} });
  }

  getSession(id: string): Promise<SessionDto> {
    return this.api.invoke(getSession, { id });
  }

  listSessions(leadId: string): Promise<SessionSummaryDto[]> {
    return this.api.invoke(listSessions, { leadId });
  }

  takeOver(id: string): Promise<SessionDto> {
    return this.api.invoke(takeOverSession, { id });
  }

  release(id: string): Promise<SessionDto> {
    return this.api.invoke(releaseSession, { id });
  }

  reply(id: string, message: string): Promise<SessionDto> {
    return this.api.invoke(replyInSession, { id, body: { message } });
  }

  /** Runs one turn and yields its events as they arrive. Throws with the server's message on a non-2xx answer. */
  async *turn(sessionId: string, message: string, signal?: AbortSignal): AsyncGenerator<TurnEvent> {
    const token = this.auth.token();
    const body: Parameters<typeof turn>[2]['body'] = { sessionId, message };
    const res = await fetch(`${this.config.rootUrl}${turn.PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
    if (!res.ok || !res.body) {
      let text = `The assistant could not answer (HTTP ${res.status})`;
      try {
        const error = (await res.json()) as { message?: unknown };
        if (typeof error.message === 'string') text = error.message;
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
