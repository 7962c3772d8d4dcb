import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

export interface ConfirmData {
  title: string;
  /** What will happen, and whether it can be undone. */
  message: string;
  /** The button that goes ahead, named for what it does ("Revoke key"). */
  confirm: string;
  /** Red button for something that destroys or cannot be taken back. */
  destructive?: boolean;
}

/** Asks before a destructive or heavy action; Cancel (or Escape) is the safe default. */
@Component({
  selector: 'oh-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content><p>{{ data.message }}</p></mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" cdkFocusInitial>Cancel</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" [class.destructive]="data.destructive" data-testid="confirm-button">{{ data.confirm }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .destructive { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
}

/** Opens the confirmation and resolves to true only when the person chose to go ahead. */
export async function askToConfirm(dialog: MatDialog, data: ConfirmData): Promise<boolean> {
  const ref = dialog.open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: 'min(420px, 92vw)', role: 'alertdialog', autoFocus: 'first-tabbable' });
  return (await firstValueFrom(ref.afterClosed())) === true;
}
