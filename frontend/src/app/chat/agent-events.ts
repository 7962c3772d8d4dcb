import { DoneEventDto } from '../api/models/done-event-dto';
import { ErrorEventDto } from '../api/models/error-event-dto';
import { ProfileEventDto } from '../api/models/profile-event-dto';
import { ScoreEventDto } from '../api/models/score-event-dto';
import { SessionEventDto } from '../api/models/session-event-dto';
import { TokenEventDto } from '../api/models/token-event-dto';
import { ToolCallEventDto } from '../api/models/tool-call-event-dto';
import { ToolResultEventDto } from '../api/models/tool-result-event-dto';

/**
 * The frames of `POST /api/agent/turn` (text/event-stream). Each payload is a generated model from
 * docs/openapi.json; only the pairing of event name and payload is written here, because OpenAPI
 * cannot describe an event stream's frames.
 */
export type TurnEvent =
  | { event: 'session'; data: SessionEventDto }
  | { event: 'token'; data: TokenEventDto }
  | { event: 'tool_call'; data: ToolCallEventDto }
  | { event: 'tool_result'; data: ToolResultEventDto }
  | { event: 'profile'; data: ProfileEventDto }
  | { event: 'score'; data: ScoreEventDto }
  | { event: 'done'; data: DoneEventDto }
  | { event: 'error'; data: ErrorEventDto };

export type TurnEventName = TurnEvent['event'];
