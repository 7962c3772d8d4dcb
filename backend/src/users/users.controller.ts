import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { UserRole } from './user.entity';
import { ApiKeyDto, AssigneeDto, CreateApiKeyDto, CreatedApiKeyDto, CreateUserDto, ResetPasswordDto, UpdateUserDto, UserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** All users of the brokerage (admins only). */
  @Get()
  listUsers(): Promise<UserDto[]> {
    return this.users.list();
  }

  /** Adds an agent or admin (admins only). */
  @Post()
  createUser(@Body() dto: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.create(dto, actor);
  }

  /** Renames, changes role, deactivates or resets the password of a user (admins only). Deactivating or a new password ends the user's sessions at once. */
  @Patch(':id')
  updateUser(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.update(id, dto, actor);
  }

  /** Sets a new password for a user (admins only); every token the user had stops working at once. */
  @Post(':id/password')
  @HttpCode(200)
  resetUserPassword(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ResetPasswordDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.resetPassword(id, dto, actor);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('users')
export class AssigneesController {
  constructor(private readonly users: UsersService) {}

  /**
   * Who you may hand leads to: every active user for admins, the active members of your team for a
   * team lead, yourself for an agent.
   */
  @Get('assignable')
  listAssignableUsers(@CurrentUser() user: AuthUser): Promise<AssigneeDto[]> {
    return this.users.assignable(user);
  }
}

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly users: UsersService) {}

  /** Integrator API keys (admins only); the keys themselves are never shown again. */
  @Get()
  listApiKeys(): Promise<ApiKeyDto[]> {
    return this.users.listApiKeys();
  }

  /** Creates a key for an integrator. The response holds the key once; store it now. */
  @Post()
  createApiKey(@Body() dto: CreateApiKeyDto, @CurrentUser() actor: AuthUser): Promise<CreatedApiKeyDto> {
    return this.users.createApiKey(dto, actor);
  }

  /** Revokes a key; calls with it fail from then on. */
  @Delete(':id')
  @HttpCode(204)
  revokeApiKey(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: AuthUser): Promise<void> {
    return this.users.revokeApiKey(id, actor);
  }
}
