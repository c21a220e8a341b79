import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles, type UserPrincipal } from '@switchboard/backend-util-auth';
import { CurrentUser } from './current-user.decorator';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid access token' })
@ApiForbiddenResponse({ description: 'Agents, services, or a tenant-admin acting beyond its tenant' })
@Roles('platform-admin', 'tenant-admin')
@Controller('auth/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users: all of them for platform-admins, the own tenant’s for tenant-admins' })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentUser() actor: UserPrincipal, @Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user in the caller’s reach (another tenant’s users are 404)' })
  get(@CurrentUser() actor: UserPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (tenant-admins: tenant-admins and agents of their tenant)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'The email is taken' })
  create(@CurrentUser() actor: UserPrincipal, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, role, disabled or password; the last three end the user’s sessions',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user in the caller’s reach' })
  update(
    @CurrentUser() actor: UserPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted, with every session' })
  @ApiNotFoundResponse({ description: 'No such user in the caller’s reach' })
  remove(@CurrentUser() actor: UserPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.users.remove(actor, id);
  }
}
