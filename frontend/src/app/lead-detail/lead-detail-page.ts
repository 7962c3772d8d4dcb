import { HeldViewings } from './held-viewings';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { BreakpointObserver } from '@angular/cdk/layout';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';
import { languageName, timeZoneWords } from '@words/broker-words';
import { ContactPatchDto } from '../api/models/contact-patch-dto';
import { askToConfirm } from '../shared/ui/confirm-dialog';
import { ActivityLogger, LogEntry } from './activity-logger';
import { MessageComposer } from './message-composer';
import { SendMessageDto } from '../api/models/send-message-dto';
import { ContactEditor } from './contact-editor';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { LeadStage } from '../api/models/lead-stage';
import { QualifyLeadDto } from '../api/models/qualify-lead-dto';
import { AuthStore } from '../core/auth-store';
import { ErrorBanner } from '../shared/ui/error-banner';
import { ScoreChip } from '../shared/ui/score-chip';
import { SlaClock } from '../shared/ui/sla-clock';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { UnitCard } from '../shared/ui/unit-card';
import { STAGES, StageChip } from '../shared/ui/stage-chip';
import { askMoveDetails, moveNeeds } from '../shared/ui/stage-move-dialog';
import { durationWords, overdueWords } from '../shared/ui/duration-words';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { LeadDetailStore } from './lead-detail-store';
import { LeadProfileCard } from './lead-profile-card';
import { LeadTimeline } from './lead-timeline';
import { ScoreCard } from './score-card';
import { LabelPipe } from '../shared/ui/label-pipe';
import { NewTask, TaskList } from './task-list';
import { LeadViewings } from './lead-viewings';

@Component({
  selector: 'oh-lead-detail-page',
  imports: [
    HeldViewings,
    LabelPipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    ErrorBanner,
    ScoreChip,
    SlaClock,
    SkeletonRows,
    StageChip,
    TimeAgoPipe,
    LeadProfileCard,
    LeadTimeline,
    ScoreCard,
    TaskList,
    LeadViewings,
    UnitCard,
    ContactEditor,
    ActivityLogger,
    MessageComposer,
  ],
  providers: [LeadDetailStore],
  templateUrl: './lead-detail-page.html',
  styleUrl: './lead-detail-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeadDetailPage {
  protected readonly store = inject(LeadDetailStore);
  protected readonly auth = inject(AuthStore);
  /** The lead id, from the route. */
  readonly id = input.required<string>();
  protected readonly stages = STAGES;
  private readonly scoreCard = viewChild(ScoreCard);
  private readonly taskList = viewChild(TaskList);
  private readonly contactEditor = viewChild(ContactEditor);
  private readonly logger = viewChild(ActivityLogger);
  private readonly composer = viewChild(MessageComposer);
  private readonly dialog = inject(MatDialog);
  protected readonly editingContact = signal(false);
  /** On a phone what a broker needs comes first (call, next task, last messages) and the rest folds. */
  protected readonly narrow = toSignal(inject(BreakpointObserver).observe('(max-width: 600px)').pipe(map((s) => s.matches)), { initialValue: false });
  protected readonly zoneWords = timeZoneWords;
  protected readonly languageName = languageName;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        void this.store.load(id);
        void this.store.loadMatches(id);
      });
    });
    effect(() => {
      if (this.auth.isAdmin()) untracked(() => void this.store.loadUsers());
    });
  }

  protected async onStage(stage: LeadStage): Promise<void> {
    const lead = this.store.lead();
    if (!lead) return;
    await this.store.loadStageRules();
    const details = await askMoveDetails(this.dialog, moveNeeds(this.store.stageRules(), lead.contact.name, lead.stage, stage));
    if (!details || !(await this.store.changeStage(stage, details))) this.store.redraw();
  }

  protected readonly waitWords = overdueWords;
  protected readonly seconds = durationWords;

  protected async onAssign(value: string): Promise<void> {
    // An agent taking an unassigned lead claims it, so two agents taking it at once cannot both have it.
    if (!this.auth.isAdmin() && value === this.auth.user()?.id && !this.store.lead()?.assignee) await this.store.claim();
    else await this.store.assign(value === '' ? null : value);
  }

  protected async onAddTask(task: NewTask): Promise<void> {
    // A due time that has passed is asked about, not silently saved as overdue.
    const past = task.dueAt !== undefined && new Date(task.dueAt).getTime() < Date.now();
    if (
      past &&
      !(await askToConfirm(this.dialog, { title: 'That time has passed', message: 'The due time is in the past, so the task will show as overdue straight away. Add it anyway?', confirm: 'Add as overdue' }))
    ) {
      return;
    }
    if (await this.store.addTask(task.title, task.dueAt, task.type, past)) this.taskList()?.reset();
    else if (this.taskList()?.showErrors(this.store.lastFailure()) === null) this.store.actionError.set(null);
  }

  protected async onSaveContact(patch: ContactPatchDto): Promise<void> {
    if (await this.store.updateContact(patch)) this.editingContact.set(false);
    else if (this.contactEditor()?.showErrors(this.store.lastFailure()) === null) this.store.actionError.set(null);
  }

  protected async onLog(entry: LogEntry): Promise<void> {
    const saved = entry.kind === 'note' ? await this.store.addNote(entry.body) : await this.store.logContact(entry.entry);
    if (saved) this.logger()?.reset();
  }

  protected async onSend(body: SendMessageDto): Promise<void> {
    if (await this.store.sendMessage(body)) this.composer()?.reset();
  }

  protected async onQualify(body: QualifyLeadDto): Promise<void> {
    if (await this.store.qualify(body)) this.scoreCard()?.close();
  }

  /** Feedback recorded on a viewing changes what they want, their score and the homes that fit. */
  protected onFeedbackRecorded(id: string): void {
    void this.store.load(id);
    void this.store.loadMatches(id);
  }
}
