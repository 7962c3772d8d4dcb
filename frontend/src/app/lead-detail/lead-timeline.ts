import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { activityActor, activityText } from '@words/broker-words';
import { ActivityDto } from '../api/models/activity-dto';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';

const ICONS: Record<string, string> = {
  lead_created: 'person_add',
  lead_updated: 'edit',
  message: 'chat',
  note: 'sticky_note_2',
  stage_changed: 'swap_horiz',
  assigned: 'person',
  score_changed: 'trending_up',
  qualified: 'verified',
  profile_updated: 'badge',
  task_created: 'add_task',
  task_completed: 'task_alt',
  viewing: 'event',
  webhook: 'webhook',
  merged: 'merge',
  agent_tool: 'smart_toy',
  opted_out: 'block',
  handover: 'pan_tool',
  send_decision: 'rule',
  delivery_failed: 'error',
};

/** Everything that happened to the lead, newest first. */
@Component({
  selector: 'oh-lead-timeline',
  imports: [MatCardModule, MatIconModule, TimeAgoPipe, DatePipe],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 class="h">Timeline</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (items().length === 0) { <p class="muted">Nothing has happened yet.</p> }
        <ol class="timeline" data-testid="timeline">
          @for (a of items(); track a.id) {
            <li [class.inbound]="a.direction === 'inbound'">
              <mat-icon aria-hidden="true">{{ icon(a) }}</mat-icon>
              <div class="body">
                <div class="summary">{{ text(a) }}</div>
                <div class="meta muted">
                  {{ actor(a) }} ·
                  <time [attr.datetime]="a.createdAt" [title]="a.createdAt | date: 'medium'">{{ a.createdAt | timeAgo }}</time>
                </div>
              </div>
            </li>
          }
        </ol>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .timeline { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 12px; }
    li { display: flex; gap: 10px; }
    li mat-icon { color: var(--mat-sys-primary); flex: none; }
    li.inbound mat-icon { color: var(--mat-sys-tertiary); }
    .body { min-width: 0; }
    .summary { overflow-wrap: anywhere; }
    .meta { font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeadTimeline {
  readonly items = input.required<ActivityDto[]>();
  protected readonly text = activityText;
  protected readonly actor = activityActor;
  protected icon(a: ActivityDto): string {
    // A message by email shows as one, whichever way it went.
    if (a.type === 'message' && a.data?.['channel'] === 'email') return 'mail';
    return ICONS[a.type] ?? 'circle';
  }
}
