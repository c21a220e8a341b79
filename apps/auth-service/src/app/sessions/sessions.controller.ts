import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public, REFRESH_COOKIE, type UserPrincipal } from '@switchboard/backend-util-auth';
import type { Request, Response } from 'express';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { TenantAccessEndedError } from '../core/domain-errors.util';
import { CurrentUser } from '../users/current-user.decorator';
import { UserDto } from '../users/user.dto';
import { UsersService } from '../users/users.service';
import {
  clearRefreshCookie,
  clientAddress,
  presentedRefreshToken,
  setRefreshCookie,
} from './refresh-cookie.util';
import { ChangePasswordDto, LoginDto, SessionDto } from './session.dto';
import { SessionsService, type IssuedSession } from './sessions.service';

function sessionBody(session: IssuedSession): SessionDto {
  return {
    accessToken: session.accessToken,
    tokenType: 'Bearer',
    expiresIn: session.expiresIn,
    user: session.user,
  };
}

/**
 * Login, refresh and logout are the only @Public routes of auth-service, and they are not
 * anonymous: login authenticates by email and password, refresh and logout by the refresh
 * token cookie. The global guard cannot check either, so it lets them through to do it here.
 */
@ApiTags('auth')
@Controller('auth')
export class SessionsController {
  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public() // authenticates by password (see the class comment)
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Log in: an access token in the body, the refresh token in an HttpOnly cookie' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({
    description: 'Unknown email, wrong password or disabled user (one answer for all)',
  })
  @ApiForbiddenResponse({ description: "The user's tenant is suspended or no longer exists" })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins; see Retry-After' })
  @ApiServiceUnavailableResponse({
    description: "The tenant's status cannot be checked now (tenant-service unavailable); see Retry-After",
  })
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionDto> {
    const session = await this.sessions.login(dto.email, dto.password, clientAddress(request));
    setRefreshCookie(
      response,
      this.config.REFRESH_COOKIE_PATH,
      session.refreshToken,
      session.refreshExpiresAt,
    );
    return sessionBody(session);
  }

  @Post('refresh')
  @Public() // authenticates by the refresh token cookie (see the class comment)
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiBody({ required: false, description: 'No body: the refresh token comes in its cookie' })
  @ApiOperation({
    summary: 'Rotate the refresh token and issue a new access token; a reused token ends its session',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'No, unknown, expired, revoked or reused refresh token' })
  @ApiForbiddenResponse({
    description: "The user's tenant is suspended or no longer exists: the session is revoked",
  })
  @ApiServiceUnavailableResponse({
    description: "The tenant's status cannot be checked now; the session is kept, see Retry-After",
  })
  async refresh(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionDto> {
    try {
      const session = await this.sessions.refresh(presentedRefreshToken(request));
      setRefreshCookie(
        response,
        this.config.REFRESH_COOKIE_PATH,
        session.refreshToken,
        session.refreshExpiresAt,
      );
      return sessionBody(session);
    } catch (error) {
      // The session is over (a 503 leaves it as it was: the client tries again later).
      if (error instanceof UnauthorizedException || error instanceof TenantAccessEndedError)
        clearRefreshCookie(response, this.config.REFRESH_COOKIE_PATH);
      throw error;
    }
  }

  @Post('logout')
  @Public() // authenticates by the refresh token cookie (see the class comment)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'End the session of the refresh token cookie and clear the cookie' })
  @ApiNoContentResponse({ description: 'Session revoked (if it existed) and cookie cleared' })
  @ApiUnauthorizedResponse({ description: 'No refresh token cookie' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const presented = presentedRefreshToken(request);
    if (presented === undefined) throw new UnauthorizedException('no refresh token cookie');
    await this.sessions.logout(presented);
    clearRefreshCookie(response, this.config.REFRESH_COOKIE_PATH);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: UserPrincipal): Promise<UserDto> {
    return this.users.me(user);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the own password; every session of the user ends' })
  @ApiNoContentResponse({ description: 'Changed; log in again' })
  @ApiUnauthorizedResponse({ description: 'Wrong current password' })
  async changePassword(
    @CurrentUser() user: UserPrincipal,
    @Body() dto: ChangePasswordDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.changePassword(user, dto.currentPassword, dto.newPassword, clientAddress(request));
    clearRefreshCookie(response, this.config.REFRESH_COOKIE_PATH);
  }
}
