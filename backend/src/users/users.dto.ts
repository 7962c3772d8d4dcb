import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, ValidateIf, MaxLength, MinLength } from 'class-validator';
import { AccountDto, mapAccount } from '../core/auth/auth.dto';
import type { ApiKeyEntity } from './api-key.entity';
import { UserEntity, UserRole } from './user.entity';

/** The shape is auth's account (also what `GET /api/auth/me` returns, plus how you signed in). */
export class UserDto extends AccountDto {}

export const mapUser = (u: UserEntity): UserDto => mapAccount(u);

export class CreateUserDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole' })
  @IsEnum(UserRole)
  role: UserRole;

  /** At least 8 characters. */
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  /** The team's name; a team lead sees and reassigns the leads of everyone in their team. */
  @IsOptional()
  @IsString()
  @Length(1, 80)
  team?: string;
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole', required: false })
  @IsOptional()
  @IsEnum(UserRole)
  role?: UserRole;

  /** The team's name, or null for none. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Length(1, 80)
  team?: string | null;

  /** Deactivated users cannot sign in; their API keys stop working. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}

/** Someone a lead may be handed to. */
export class AssigneeDto {
  id: string;
  name: string;
}

export class CreateApiKeyDto {
  /** What the key is for, e.g. "Zapier" or "Website form". */
  @IsString()
  @Length(1, 120)
  name: string;

  /** The user the key acts as; defaults to the admin creating it. */
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class ApiKeyDto {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  userId: string;
  userEmail: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The whole key. Shown this once; only its hash is stored. */
  key: string;
}

export const mapApiKey = (k: ApiKeyEntity): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  userId: k.userId,
  userEmail: k.user?.email ?? null,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export class ResetPasswordDto {
  /** The user's new password, at least 8 characters. Every session they had ends. */
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  newPassword: string;
}
