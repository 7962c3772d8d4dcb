import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
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
  createdAt: string;
}

export const mapAccount = (u: Omit<Account, 'passwordHash'>): AccountDto => ({
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
