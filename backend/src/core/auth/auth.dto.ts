import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../../users/users.dto';

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

export class MeDto extends UserDto {
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
