import type { CloudToken } from './cloud-token.util';
import type { CloudTokenDto } from './cloud-token.dto';

export function toCloudTokenDto(token: CloudToken): CloudTokenDto {
  return {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString(),
  };
}
