import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { Account } from './account-directory';
import { UserRole } from './roles';

/** A user as the API shows it (`users` returns the same shape as `UserDto`). */
export class AccountDto {
  id: string;
  email: string;
  name: string;
  @ApiProperty({ enum: UserRole, enumName: 'UserRole' })
  role: UserRole;
  active: boolean;
  /** The team's name; null when none. */
  team: string | null;
  /** Whether sign-in asks for a code from an authenticator app. */
  twoFactorEnabled: boolean;
  createdAt: string;
}

export const mapAccount = (u: Omit<Account, 'passwordHash'>): AccountDto => ({
  team: u.team,
  twoFactorEnabled: u.totpSecret !== null,
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

export class LoginDto {
  /** The email you were invited with. */
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class LoginResponseDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  user: MeDto;
}

export class MeDto extends AccountDto {
  /** How this request was authenticated. */
  via: 'jwt' | 'api_key';
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  /** At least 8 characters. Every other session of yours ends; the answer holds a new token. */
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  newPassword: string;
}

/** What the password step answers: a token, or (with two-step sign-in on) a challenge for the code step. */
export class SignInResultDto {
  /** True when a code from the authenticator app is still needed: send it with `challengeToken` to `POST /api/auth/login/code`. */
  twoFactorRequired: boolean;
  /** Proof that the password step passed; good for five minutes and for nothing else. */
  challengeToken?: string;
  /** Present when sign-in is complete. */
  accessToken?: string;
  expiresIn?: number;
  user?: MeDto;
}

export class LoginCodeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  challengeToken: string;

  /** The 6-digit code from the authenticator app, or one of the recovery codes. */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  code: string;
}

export class TwoFactorSetupDto {
  /** The setup key to type into an authenticator app. Shown only now. */
  secret: string;
  /** The same as an `otpauth://` link (what a QR code would hold). */
  otpauthUri: string;
}

export class TwoFactorCodeDto {
  /** The 6-digit code the authenticator app shows now. */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  code: string;
}

export class RecoveryCodesDto {
  /** Single-use codes for when the phone is lost. Shown only now; keep them somewhere safe. */
  recoveryCodes: string[];
}

export class DisableTwoFactorDto {
  /** A current code (or a recovery code)… */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  code?: string;

  /** …or your password. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;
}
