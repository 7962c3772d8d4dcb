import { ChangeDetectionStrategy, Component, inject, OnInit, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatDialog } from '@angular/material/dialog';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ApiKeyDto } from '../api/models/api-key-dto';
import { UserDto } from '../api/models/user-dto';
import { askToConfirm } from '../shared/ui/confirm-dialog';
import { RedistributionDto } from '../api/models/redistribution-dto';
import { askHowToDeactivate } from './deactivate-dialog';
import { UserRole } from '../api/models/user-role';
import { AuthStore } from '../core/auth-store';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { LabelPipe } from '../shared/ui/label-pipe';
import { RouterLink } from '@angular/router';
import { AdminStore } from './admin-store';

/** "3 leads handed on (Ana Round 2, Ben Round 1); 1 waits in the pond." */
function handedOnWords(d: RedistributionDto): string {
  const to = d.agents.map((a) => `${a.name} ${a.leads}`).join(', ');
  const handed = d.assigned ? `${d.assigned} lead${d.assigned === 1 ? '' : 's'} handed on${to ? ` (${to})` : ''}` : 'No lead handed on';
  return d.pond ? `${handed}; ${d.pond} wait${d.pond === 1 ? 's' : ''} in the pond.` : `${handed}.`;
}

@Component({
  selector: 'oh-admin-page',
  imports: [LabelPipe, RouterLink, ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, ErrorBanner, SkeletonRows, TimeAgoPipe],
  providers: [AdminStore],
  templateUrl: './admin-page.html',
  styleUrl: './admin-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPage implements OnInit {
  protected readonly store = inject(AdminStore);
  protected readonly auth = inject(AuthStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly roles: UserRole[] = ['agent', 'team_lead', 'admin'];
  protected readonly userForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email]],
    role: ['agent' as UserRole, Validators.required],
    team: ['', Validators.maxLength(80)],
    password: ['', [Validators.required, Validators.minLength(8)]],
  });
  protected readonly keyForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    userId: [''],
  });

  // resetForm() on the directive, not reset() on the group: it also clears "submitted", so an
  // emptied form after a save shows no red "required" errors.
  private readonly userFormDir = viewChild.required<FormGroupDirective>('userFormDir');
  private readonly keyFormDir = viewChild.required<FormGroupDirective>('keyFormDir');

  ngOnInit(): void {
    void this.store.load();
  }

  protected async addUser(): Promise<void> {
    if (this.userForm.invalid) {
      this.userForm.markAllAsTouched();
      return;
    }
    const { team, ...user } = this.userForm.getRawValue();
    if (await this.store.createUser({ ...user, ...(team.trim() ? { team: team.trim() } : {}) })) this.userFormDir().resetForm({ name: '', email: '', role: 'agent', team: '', password: '' });
  }

  /** A team is a name its members share; an empty box takes the user out of any team. */
  protected async setTeam(user: UserDto, value: string): Promise<void> {
    const team = value.trim() || null;
    if (team !== (user.team ?? null)) await this.store.updateUser(user.id, { team });
  }

  protected async addKey(): Promise<void> {
    if (this.keyForm.invalid) {
      this.keyForm.markAllAsTouched();
      return;
    }
    const { name, userId } = this.keyForm.getRawValue();
    if (await this.store.createKey(name.trim(), userId || undefined)) this.keyFormDir().resetForm({ name: '', userId: '' });
  }

  /** Deactivating asks first and can be undone; activating needs no question. */
  protected async setActive(user: UserDto, change: MatSlideToggleChange): Promise<void> {
    if (change.checked) {
      await this.store.updateUser(user.id, { active: true });
      return;
    }
    // Someone holding open leads is offered to hand them on by the routing rules (after the switch, so the rules skip them).
    const openLeads = await this.store.openLeadsOf(user.id);
    const choice = openLeads
      ? await askHowToDeactivate(this.dialog, { name: user.name, openLeads })
      : (await askToConfirm(this.dialog, {
          title: `Deactivate ${user.name}?`,
          message: `${user.name} will no longer be able to sign in, and their API keys stop working. Their leads stay as they are. You can undo it right after, or turn them back on later.`,
          confirm: 'Deactivate',
          destructive: true,
        }))
        ? 'keep'
        : undefined;
    if (!choice || !(await this.store.updateUser(user.id, { active: false }))) {
      change.source.checked = true; // the switch goes back to how it was
      return;
    }
    if (choice === 'redistribute') {
      const done = await this.store.redistribute(user.id);
      if (done) this.snackBar.open(`${user.name} is deactivated. ${handedOnWords(done)}`, 'OK', { duration: 15_000 });
      return;
    }
    const ref = this.snackBar.open(`${user.name} is deactivated`, 'Undo', { duration: 10_000 });
    ref.onAction().subscribe(() => void this.store.updateUser(user.id, { active: true }));
  }

  /** Revoking cannot be taken back (a key is shown once), so the question says so. */
  protected async revokeKey(key: ApiKeyDto): Promise<void> {
    const sure = await askToConfirm(this.dialog, {
      title: `Revoke “${key.name}”?`,
      message: 'Anything using this key (a web form, an integration) stops working at once. A revoked key cannot be restored: you would create a new one and put it where the old one was.',
      confirm: 'Revoke key',
      destructive: true,
    });
    if (sure) await this.store.revokeKey(key.id);
  }

  protected async copy(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text);
  }
}
