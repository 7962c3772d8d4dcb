import { ChangeDetectionStrategy, Component, inject, OnInit, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { UserRole } from '../api/models/user-role';
import { AuthStore } from '../core/auth-store';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { LabelPipe } from '../shared/ui/label-pipe';
import { AdminStore } from './admin-store';

@Component({
  selector: 'oh-admin-page',
  imports: [LabelPipe, ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, ErrorBanner, SkeletonRows, TimeAgoPipe],
  providers: [AdminStore],
  templateUrl: './admin-page.html',
  styleUrl: './admin-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPage implements OnInit {
  protected readonly store = inject(AdminStore);
  protected readonly auth = inject(AuthStore);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly roles: UserRole[] = ['agent', 'admin'];
  protected readonly userForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email]],
    role: ['agent' as UserRole, Validators.required],
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
    if (await this.store.createUser(this.userForm.getRawValue())) this.userFormDir().resetForm({ name: '', email: '', role: 'agent', password: '' });
  }

  protected async addKey(): Promise<void> {
    if (this.keyForm.invalid) {
      this.keyForm.markAllAsTouched();
      return;
    }
    const { name, userId } = this.keyForm.getRawValue();
    if (await this.store.createKey(name.trim(), userId || undefined)) this.keyFormDir().resetForm({ name: '', userId: '' });
  }

  protected async copy(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text);
  }
}
