import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TENANT_SESSIONS_END_REASONS, type TenantSessionsEndReason } from './sessions.service';

export class RevokeTenantSessionsDto {
  @ApiPropertyOptional({
    enum: TENANT_SESSIONS_END_REASONS,
    description: 'Recorded with each revoked session; `tenant-suspended` when absent',
  })
  @IsOptional()
  @IsIn(TENANT_SESSIONS_END_REASONS)
  reason?: TenantSessionsEndReason;
}

export class RevokedTenantSessionsDto {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ description: 'Sessions that still had a token and are now revoked' })
  revokedSessions!: number;
}
