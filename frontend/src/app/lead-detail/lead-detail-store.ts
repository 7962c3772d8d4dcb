import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { assignLead } from '../api/fn/leads/assign-lead';
import { claimLead } from '../api/fn/leads/claim-lead';
import { changeLeadStage } from '../api/fn/leads/change-lead-stage';
import { listStageRules } from '../api/fn/pipeline/list-stage-rules';
import { StageRuleDto } from '../api/models/stage-rule-dto';
import { MoveDetails } from '../shared/ui/stage-move-dialog';
import { completeLeadTask } from '../api/fn/leads/complete-lead-task';
import { addLeadNote } from '../api/fn/leads/add-lead-note';
import { createLeadTask } from '../api/fn/leads/create-lead-task';
import { logLeadMessage } from '../api/fn/leads/log-lead-message';
import { sendLeadMessage } from '../api/fn/messaging/send-lead-message';
import { SendMessageDto } from '../api/models/send-message-dto';
import { updateLead } from '../api/fn/leads/update-lead';
import { updateLeadTask } from '../api/fn/leads/update-lead-task';
import { ContactPatchDto } from '../api/models/contact-patch-dto';
import { LogMessageDto } from '../api/models/log-message-dto';
import { TaskType } from '../api/models/task-type';
import { getLead } from '../api/fn/leads/get-lead';
import { getLeadMatches } from '../api/fn/leads/get-lead-matches';
import { qualifyLead } from '../api/fn/leads/qualify-lead';
import { listUsers } from '../api/fn/users/list-users';
import { LeadDetailDto } from '../api/models/lead-detail-dto';
import { LeadStage } from '../api/models/lead-stage';
import { QualifyLeadDto } from '../api/models/qualify-lead-dto';
import { UserDto } from '../api/models/user-dto';
import { errorMessage } from '../core/api-error';
import { toCard } from '../inventory/inventory-store';
import { UnitCardData } from '../shared/ui/unit-card';

/** One lead's page: loads it, and applies each change through the API, showing the server's answer. */
@Injectable()
export class LeadDetailStore {
  private readonly api = inject(Api);
  private loadSeq = 0;

  readonly lead = signal<LeadDetailDto | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** The last failed change, in the server's words. */
  readonly actionError = signal<string | null>(null);
  /** The last failed change as thrown, so a form can put the server's words on the field they are about. */
  readonly lastFailure = signal<unknown>(null);
  readonly busy = signal(false);
  readonly users = signal<UserDto[]>([]);
  /** Homes that fit the lead's profile, each with why; null while loading. */
  readonly matches = signal<UnitCardData[] | null>(null);
  readonly matchesError = signal<string | null>(null);

  readonly openTasks = computed(() => (this.lead()?.tasks ?? []).filter((t) => !t.completedAt));
  /** The open task due soonest (undated ones after). */
  readonly nextTask = computed(() => [...this.openTasks()].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'))[0] ?? null);
  /** The three latest messages either way, newest first. */
  readonly lastMessages = computed(() => (this.lead()?.timeline ?? []).filter((a) => a.type === 'message').slice(0, 3));
  readonly doneTasks = computed(() => (this.lead()?.tasks ?? []).filter((t) => t.completedAt));

  async load(id: string): Promise<void> {
    const seq = ++this.loadSeq;
    if (this.lead()?.id !== id) this.lead.set(null);
    this.loading.set(true);
    this.error.set(null);
    try {
      const lead = await this.api.invoke(getLead, { id });
      if (seq === this.loadSeq) this.lead.set(lead);
    } catch (e) {
      if (seq === this.loadSeq) this.error.set(errorMessage(e, 'Could not load this lead'));
    } finally {
      if (seq === this.loadSeq) this.loading.set(false);
    }
  }

  async loadMatches(id: string): Promise<void> {
    this.matches.set(null);
    this.matchesError.set(null);
    try {
      const res = await this.api.invoke(getLeadMatches, { id });
      if (this.lead()?.id === id || !this.lead()) this.matches.set(res.items.slice(0, 4).map(toCard));
    } catch (e) {
      this.matchesError.set(errorMessage(e, 'Could not find matching homes'));
    }
  }

  /** Active users to assign to (admins only; agents take or release leads themselves). */
  async loadUsers(): Promise<void> {
    try {
      this.users.set((await this.api.invoke(listUsers)).filter((u) => u.active));
    } catch {
      this.users.set([]);
    }
  }

  addTask(title: string, dueAt?: string, type?: TaskType, allowPastDue = false): Promise<boolean> {
    return this.change(async (id) => {
      await this.api.invoke(createLeadTask, { id, body: { title: title.trim(), ...(dueAt ? { dueAt } : {}), ...(type ? { type } : {}), ...(allowPastDue ? { allowPastDue } : {}) } });
      return this.api.invoke(getLead, { id });
    });
  }

  /** Edits the contact; the timeline shows the change at once (the answer is the updated lead). */
  updateContact(patch: ContactPatchDto): Promise<boolean> {
    return this.change((id) => this.api.invoke(updateLead, { id, body: { contact: patch } }));
  }

  addNote(body: string): Promise<boolean> {
    return this.change((id) => this.api.invoke(addLeadNote, { id, body: { body: body.trim() } }));
  }

  /** A call, an SMS, an email or a visit that happened outside the app, with what came of it. */
  logContact(entry: LogMessageDto): Promise<boolean> {
    return this.change((id) => this.api.invoke(logLeadMessage, { id, body: { ...entry, body: entry.body.trim() } }));
  }

  /** Writes to the lead by email or on WhatsApp; the timeline then shows the message (or why it was refused). */
  sendMessage(body: SendMessageDto): Promise<boolean> {
    return this.change(async (id) => {
      try {
        await this.api.invoke(sendLeadMessage, { id, body });
      } catch (e) {
        // A refusal is on the timeline too: show it beside the error.
        const fresh = await this.api.invoke(getLead, { id }).catch(() => null);
        if (fresh) this.lead.set(fresh);
        throw e;
      }
      return this.api.invoke(getLead, { id });
    });
  }

  snoozeTask(taskId: string, dueAt: string): Promise<boolean> {
    return this.change(async (id) => {
      await this.api.invoke(updateLeadTask, { id, taskId, body: { dueAt } });
      return this.api.invoke(getLead, { id });
    });
  }

  completeTask(taskId: string): Promise<boolean> {
    return this.change(async (id) => {
      await this.api.invoke(completeLeadTask, { id, taskId });
      return this.api.invoke(getLead, { id });
    });
  }

  qualify(body: QualifyLeadDto): Promise<boolean> {
    return this.change((id) => this.api.invoke(qualifyLead, { id, body }));
  }

  assign(assigneeId: string | null): Promise<boolean> {
    return this.change((id) => this.api.invoke(assignLead, { id, body: { assigneeId } }));
  }

  /** Takes an unassigned lead (from the pond): first claim wins; a later one is told someone else has it. */
  claim(): Promise<boolean> {
    return this.change((id) => this.api.invoke(claimLead, { id }));
  }

  /** The admin's stage rules, so a move asks up front for what they need (a reason, a price, a note). */
  readonly stageRules = signal<StageRuleDto[]>([]);

  async loadStageRules(): Promise<void> {
    if (this.stageRules().length) return;
    try {
      this.stageRules.set(await this.api.invoke(listStageRules, {}));
    } catch {
      // Without them the server still refuses a move that breaks a rule, in words.
    }
  }

  /** Moves the lead with the version shown, so a move someone made meanwhile is refused (and said), not overwritten. */
  changeStage(stage: LeadStage, details: MoveDetails = {}): Promise<boolean> {
    const version = this.lead()?.version;
    return this.change((id) => this.api.invoke(changeLeadStage, { id, body: { stage, ...details, ...(version ? { version } : {}) } }));
  }

  /** Shows the lead as it is again (a select the person changed, then cancelled or was refused, goes back). */
  redraw(): void {
    const lead = this.lead();
    if (lead) this.lead.set({ ...lead });
  }

  private async change(work: (leadId: string) => Promise<LeadDetailDto>): Promise<boolean> {
    const current = this.lead();
    if (!current) return false;
    this.busy.set(true);
    this.actionError.set(null);
    this.lastFailure.set(null);
    try {
      this.lead.set(await work(current.id));
      return true;
    } catch (e) {
      this.actionError.set(errorMessage(e, 'That change was not saved'));
      this.lastFailure.set(e);
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
